"""What a write will do, asked before it is made: GET /deployments/{id}/preview?control=... for a control on a
deployment, POST /deployments/preview for a new one (the body POST /deployments takes). Each answers the services
in the order they are touched, versions from and to, the blast radius from the plan's dependency graph, whether
production wants its name typed, and the request to send. A viewer may look at a control's; a new deployment's
is for those who may deploy there."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.controls import SPECS, Control
from services.dashboard.domain.graph import PlanGraph, graph_of
from services.dashboard.domain.preview import Preview, action_preview, deploy_preview
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.readmodel.queries import ReadModel
from shared.plan.cache import PlanCache
from shared.plan.model import is_production
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment
from shared.requests import RequestError
from shared.requests.actions import refused
from shared.requests.deploy import DeployInput, deploy_request

from .errors import field_error


def previews_router(auth: Auth, model: ReadModel, plans: PlanCache) -> APIRouter:
    api = APIRouter(tags=["actions"])

    async def context(environment: str) -> tuple[PlanGraph | None, dict[str, ServiceView], bool]:
        stored = await plans.current()
        planned = stored.plan.environments.get(environment) if stored else None
        graph = None
        if stored is not None:
            try:
                graph = graph_of(resolve_for_environment(stored.plan, environment))
            except UnknownEnvironmentError:
                graph = None
        states = {view.service: view for view in await model.services(environment)}
        return graph, states, is_production(environment, planned)

    @api.get("/deployments/{deployment_id}/preview", responses={404: {"description": "no such deployment"}})
    async def preview(
        request: Request,
        deployment_id: str,
        control: Control,
        services: Annotated[list[str] | None, Query()] = None,
    ) -> Preview:
        """What `control` would do to this deployment now; 409 when its status does not allow it."""
        await auth.require(request, "read")
        view = await model.deployment(deployment_id)
        if view is None:
            raise HTTPException(404, detail={"error": f"no deployment {deployment_id!r} in the dashboard's history"})
        if (why := refused(view.id, view.status, SPECS[control].action)) is not None:
            raise HTTPException(409, detail={"error": why})
        graph, states, production = await context(view.environment)
        try:
            return action_preview(view, control, graph, states, production, services or ())
        except RequestError as error:
            raise field_error(error.field, error.message, "query") from None

    @api.post("/deployments/preview", dependencies=[auth.needs("deploy")])
    async def deploy(request: Request, asked: DeployInput) -> Preview:
        """What POST /deployments with this body would deploy, from which versions, in which order; asked by
        someone who may deploy there (it is a POST, with the session's CSRF token, like the deploy)."""
        who = (await auth.require(request, "deploy", asked.environment)).principal
        try:
            deploy_request(asked, by=who.name)  # the same checks as the deploy itself, so its 422 comes first
            graph, states, production = await context(asked.environment)
            return deploy_preview(asked, graph, states, production)
        except RequestError as error:
            raise field_error(error.field, error.message) from None

    return api
