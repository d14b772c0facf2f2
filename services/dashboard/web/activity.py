"""More of the read side: a deployment's command log read on from a stream id, text search over the history,
alerts and silences, and the snapshot a live client starts from. Every route needs the viewer role."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.alerts import AlertView, SilenceView
from services.dashboard.domain.query import CursorError, DeploymentQuery, Page
from services.dashboard.domain.search import SearchHit
from services.dashboard.domain.snapshot import LogLineView, Snapshot
from services.dashboard.domain.terms import SearchTextError
from services.dashboard.readmodel.queries import MAX_LOG_LINES, ReadModel

from .errors import field_error


class SearchQuery(DeploymentQuery):
    text: str = Field(min_length=1, max_length=500, description="every word must be in a deployment's texts or log")

    def deployments(self) -> DeploymentQuery:
        return DeploymentQuery(**self.model_dump(exclude={"text"}))


def activity_router(auth: Auth, model: ReadModel) -> APIRouter:
    api = APIRouter(tags=["deployments and services"])

    @api.get("/deployments/{deployment_id}/log")
    async def log(
        request: Request,
        deployment_id: str,
        since: Annotated[
            str, Query(pattern=r"^(-|\d+(-\d+)?)$", description="the last id read; - from the start")
        ] = "-",
        limit: Annotated[int, Query(ge=1, le=MAX_LOG_LINES)] = 1000,
    ) -> list[LogLineView]:
        """The command output of the deployment's scripts, oldest first; pass the last line's id as `since`."""
        await auth.require(request, "read")
        return await model.log(deployment_id, since, limit)

    @api.get("/search")
    async def search(request: Request, query: Annotated[SearchQuery, Query()]) -> Page[SearchHit]:
        """Deployments whose reasons, failures or command logs have every word of `text`, newest first, through
        the same filters as /deployments; each hit with the line that matched."""
        await auth.require(request, "read")
        try:
            return await model.search(query.text, query.deployments())
        except SearchTextError as error:
            raise field_error("text", str(error), "query") from None
        except CursorError as error:
            raise field_error("cursor", str(error), "query") from None

    @api.get("/alerts")
    async def alerts(request: Request) -> list[AlertView]:
        """The alerts firing now and those resolved lately, with who acknowledged them."""
        await auth.require(request, "read")
        return await model.alerts()

    @api.get("/silences")
    async def silences(request: Request, ended: bool = False) -> list[SilenceView]:
        """Active and pending silences; with `ended`, those that ended in the last week too."""
        await auth.require(request, "read")
        return await model.silences(ended=ended)

    @api.get("/snapshot")
    async def snapshot(request: Request, environment: str | None = None, deployment: str | None = None) -> Snapshot:
        """What a page watching everything, one environment or one deployment shows first."""
        await auth.require(request, "read")
        return await model.snapshot(environment, deployment)

    return api
