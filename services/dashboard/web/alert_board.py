"""The alerts as a page shows them: grouped as the alerter groups them (the current plan's alerting.group_by), each
with the silence muting it now; and which active alerts a silence would mute, asked before it is made. Viewers."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.alert_board import DEFAULT_GROUP_BY, AlertBoard, board, would_mute
from services.dashboard.domain.alerts import AlertView
from services.dashboard.readmodel.queries import ReadModel
from shared.events.alerting import Matcher
from shared.plan.cache import PlanCache
from shared.requests import RequestError
from shared.requests.silence import check_matchers

from .errors import field_error


class Preview(BaseModel):
    matchers: list[Matcher] = Field(min_length=1, description="as POST /silences takes them")


async def group_by(plans: PlanCache) -> list[str]:
    stored = await plans.current()
    return list(stored.plan.alerting.group_by) if stored is not None else list(DEFAULT_GROUP_BY)


async def alert_board(model: ReadModel, plans: PlanCache, now: datetime) -> AlertBoard:
    return board(await model.alerts(), await model.silences(now), await group_by(plans), now)


def alert_board_router(auth: Auth, model: ReadModel, plans: PlanCache) -> APIRouter:
    api = APIRouter(tags=["alerts and silences"])

    @api.get("/alerts/groups")
    async def groups(request: Request) -> AlertBoard:
        """The active alerts in the groups the alerter notifies about, most severe first, with their silences."""
        await auth.require(request, "read")
        return await alert_board(model, plans, datetime.now(UTC))

    @api.post("/silences/preview", dependencies=[auth.needs("silence")])
    async def preview(request: Request, asked: Preview) -> list[AlertView]:
        """The active alerts a silence with these matchers would mute: nothing is made. For who may silence (the
        form it serves is theirs); a stranger is told 401 and a viewer 403 before the body is read."""
        try:
            check_matchers(asked.matchers)
        except RequestError as error:
            raise field_error(error.field, error.message) from None
        return would_mute(asked.matchers, await model.alerts())

    return api
