"""The read side of the API: deployments (filtered, paged), one deployment and its timeline, the services'
state per environment, and the dependency graph of the current plan. Every route needs the viewer role."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.graph import PlanGraph, graph_of
from services.dashboard.domain.query import CursorError, DeploymentQuery, Page
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.views import DeploymentView
from services.dashboard.readmodel.queries import ReadModel
from shared.events import AnyEvent
from shared.plan.cache import PlanCache
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment

from .errors import field_error


def reads_router(auth: Auth, model: ReadModel, plans: PlanCache) -> APIRouter:
    api = APIRouter(tags=["deployments and services"])

    @api.get("/deployments")
    async def deployments(request: Request, query: Annotated[DeploymentQuery, Query()]) -> Page[DeploymentView]:
        """The history, newest first, filtered on the server over all of it; follow `next_cursor` for more."""
        await auth.require(request, "read")
        try:
            return await model.deployments(query)
        except CursorError as error:
            raise field_error("cursor", str(error), "query") from None

    @api.get("/deployments/{deployment_id}", responses={404: {"description": "no such deployment"}})
    async def deployment(request: Request, deployment_id: str) -> DeploymentView:
        await auth.require(request, "read")
        found = await model.deployment(deployment_id)
        if found is None:
            raise HTTPException(404, detail={"error": f"no deployment {deployment_id!r} in the dashboard's history"})
        return found

    @api.get("/deployments/{deployment_id}/timeline")
    async def timeline(request: Request, deployment_id: str) -> list[AnyEvent]:
        """The deployment's events in the order they happened, as they were published."""
        await auth.require(request, "read")
        return await model.timeline(deployment_id)  # type: ignore[return-value]  # Event is AnyEvent's common base

    @api.get("/services")
    async def services(request: Request, environment: str | None = None) -> list[ServiceView]:
        await auth.require(request, "read")
        return await model.services(environment)

    @api.get("/graph", responses={404: {"description": "no plan yet, or no such environment"}})
    async def graph(request: Request, environment: str) -> PlanGraph:
        """The current plan's services in this environment: nodes by wave, edges to what each depends on."""
        await auth.require(request, "read")
        stored = await plans.current()
        if stored is None:
            raise HTTPException(404, detail={"error": "no plan has been applied yet: run `flightdeck plan apply`"})
        try:
            return graph_of(resolve_for_environment(stored.plan, environment))
        except UnknownEnvironmentError as error:
            raise HTTPException(404, detail={"error": str(error)}) from None

    return api
