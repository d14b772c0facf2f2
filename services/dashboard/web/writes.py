"""The write side of the API: deploy, approve, cancel, resume and roll back. Each is checked by the same code as
the CLI's (shared/requests), publishes the event the CLI publishes, records who asked and why, and in production
needs `confirm` set to the environment's name. A deployer acts only in the environments its role names; an action
the deployment's status does not allow (shared/requests/actions.py, the coordinator's own rule) is a 409."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.views import DeploymentView
from services.dashboard.readmodel.queries import ReadModel
from shared.bus.publisher import EventPublisher
from shared.events import ApprovalGranted, CancelRequested, Event, ResumeRequested, RollbackRequested
from shared.events.deployment import ApprovalGrantedPayload, CancelRequestedPayload
from shared.events.recovery import ResumeRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.plan.cache import PlanCache
from shared.requests import RequestError
from shared.requests.actions import DeploymentAction, refused
from shared.requests.confirm import check_confirmation
from shared.requests.deploy import DeployInput, deploy_request

from .errors import field_error
from .sending import Accepted, send

PRODUCES: tuple[type[Event], ...] = (ApprovalGranted, CancelRequested, ResumeRequested, RollbackRequested)


class Act(BaseModel):
    reason: str = Field("", max_length=2000)
    confirm: str | None = Field(None, description="production: the environment's name, typed")


class Resume(Act):
    action: Literal["retry", "continue"] = Field("retry", description="retry the failed services, or go on")


class Rollback(Act):
    services: list[str] = Field(default_factory=list, description="empty: every changed service")


def writes_router(auth: Auth, model: ReadModel, plans: PlanCache, publisher: EventPublisher) -> APIRouter:
    api = APIRouter(tags=["actions"])

    async def confirmed(environment: str, confirm: str | None) -> None:
        stored = await plans.current()
        try:
            check_confirmation(environment, stored.plan.environments.get(environment) if stored else None, confirm)
        except RequestError as error:
            raise field_error(error.field, error.message) from None

    @api.post("/deployments", status_code=202, dependencies=[auth.needs("deploy")])
    async def deploy(request: Request, asked: DeployInput) -> Accepted:
        who = (await auth.require(request, "deploy", asked.environment)).principal
        await confirmed(asked.environment, asked.confirm)
        try:
            event = deploy_request(asked, by=who.name)
        except RequestError as error:
            raise field_error(error.field, error.message) from None
        return await send(publisher, event)

    async def target(
        request: Request, deployment_id: str, action: DeploymentAction, asked: Act
    ) -> tuple[DeploymentView, str]:
        """The deployment, once the asker may act on it, has confirmed production, and its status allows it."""
        view = await model.deployment(deployment_id)
        if view is None:
            raise HTTPException(404, detail={"error": f"no deployment {deployment_id!r} in the dashboard's history"})
        who = (await auth.require(request, action, view.environment)).principal
        await confirmed(view.environment, asked.confirm)
        if (why := refused(view.id, view.status, action)) is not None:
            raise HTTPException(409, detail={"error": why})
        return view, who.name

    @api.post("/deployments/{deployment_id}/approve", status_code=202, dependencies=[auth.needs("approve")])
    async def approve(request: Request, deployment_id: str, asked: Act) -> Accepted:
        view, by = await target(request, deployment_id, "approve", asked)
        payload = ApprovalGrantedPayload(approved_by=by, comment=asked.reason)
        event = ApprovalGranted(deployment_id=view.id, environment=view.environment, payload=payload)
        return await send(publisher, event)

    @api.post("/deployments/{deployment_id}/cancel", status_code=202, dependencies=[auth.needs("cancel")])
    async def cancel(request: Request, deployment_id: str, asked: Act) -> Accepted:
        view, by = await target(request, deployment_id, "cancel", asked)
        payload = CancelRequestedPayload(requested_by=by, reason=asked.reason)
        event = CancelRequested(deployment_id=view.id, environment=view.environment, payload=payload)
        return await send(publisher, event)

    @api.post("/deployments/{deployment_id}/resume", status_code=202, dependencies=[auth.needs("resume")])
    async def resume(request: Request, deployment_id: str, asked: Resume) -> Accepted:
        view, by = await target(request, deployment_id, "resume", asked)
        payload = ResumeRequestedPayload(action=asked.action, requested_by=by, comment=asked.reason)
        event = ResumeRequested(deployment_id=view.id, environment=view.environment, payload=payload)
        return await send(publisher, event)

    @api.post("/deployments/{deployment_id}/rollback", status_code=202, dependencies=[auth.needs("rollback")])
    async def rollback(request: Request, deployment_id: str, asked: Rollback) -> Accepted:
        view, by = await target(request, deployment_id, "rollback", asked)
        reason = asked.reason or "asked for from the dashboard"
        payload = RollbackRequestedPayload(reason=reason, trigger="manual", requested_by=by, services=asked.services)
        event = RollbackRequested(deployment_id=view.id, environment=view.environment, payload=payload)
        return await send(publisher, event)

    return api
