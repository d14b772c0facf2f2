"""The write side of the API: deploy, approve, cancel, resume and roll back. Each is checked by the same code as
the CLI's (shared/requests), publishes the event the CLI publishes, records who asked and why, and in production
needs `confirm` set to the environment's name. A deployer acts only in the environments its role names."""

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.roles import Action
from services.dashboard.domain.views import TERMINAL, DeploymentView
from services.dashboard.readmodel.queries import ReadModel
from shared.bus.publisher import EventPublisher
from shared.events import ApprovalGranted, CancelRequested, Event, ResumeRequested, RollbackRequested
from shared.events.deployment import ApprovalGrantedPayload, CancelRequestedPayload
from shared.events.recovery import ResumeRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.plan.cache import PlanCache
from shared.requests import RequestError
from shared.requests.confirm import check_confirmation
from shared.requests.deploy import DeployInput, deploy_request

PRODUCES: tuple[type[Event], ...] = (ApprovalGranted, CancelRequested, ResumeRequested, RollbackRequested)


class Accepted(BaseModel):
    deployment_id: str
    event_id: str
    stream_id: str = Field(description="follow from here: /api/v1/events?deployment=...&last_id=...")


class Act(BaseModel):
    reason: str = Field("", max_length=2000)
    confirm: str | None = Field(None, description="production: the environment's name, typed")


class Resume(Act):
    action: Literal["retry", "continue"] = Field("retry", description="retry the failed services, or go on")


class Rollback(Act):
    services: list[str] = Field(default_factory=list, description="empty: every changed service")


def invalid(error: RequestError) -> HTTPException:
    return HTTPException(
        422, detail={"error": str(error), "fields": [{"field": error.field, "message": error.message}]}
    )


def writes_router(auth: Auth, model: ReadModel, plans: PlanCache, publisher: EventPublisher) -> APIRouter:
    api = APIRouter(tags=["actions"])

    async def confirmed(environment: str, confirm: str | None) -> None:
        stored = await plans.current()
        try:
            check_confirmation(environment, stored.plan.environments.get(environment) if stored else None, confirm)
        except RequestError as error:
            raise invalid(error) from None

    async def send(event: Event) -> Accepted:
        stream_id = await publisher.publish(event)
        return Accepted(deployment_id=event.deployment_id or "", event_id=event.event_id, stream_id=str(stream_id))

    @api.post("/deployments", status_code=202, dependencies=[auth.needs("deploy")])
    async def deploy(request: Request, asked: DeployInput) -> Accepted:
        who = (await auth.require(request, "deploy", asked.environment)).principal
        await confirmed(asked.environment, asked.confirm)
        try:
            return await send(deploy_request(asked, by=who.name))
        except RequestError as error:
            raise invalid(error) from None

    async def target(request: Request, deployment_id: str, action: Action, asked: Act) -> tuple[DeploymentView, str]:
        view = await model.deployment(deployment_id)
        if view is None:
            raise HTTPException(404, detail={"error": f"no deployment {deployment_id!r} in the dashboard's history"})
        who = (await auth.require(request, action, view.environment)).principal
        await confirmed(view.environment, asked.confirm)
        return view, who.name

    def refuse(view: DeploymentView, wanted: str) -> HTTPException:
        return HTTPException(409, detail={"error": f"{view.id} is {view.status}, not {wanted}"})

    @api.post("/deployments/{deployment_id}/approve", status_code=202, dependencies=[auth.needs("approve")])
    async def approve(request: Request, deployment_id: str, asked: Act) -> Accepted:
        view, by = await target(request, deployment_id, "approve", asked)
        if view.status != "awaiting-approval":
            raise refuse(view, "waiting for approval")
        payload = ApprovalGrantedPayload(approved_by=by, comment=asked.reason)
        return await send(ApprovalGranted(deployment_id=view.id, environment=view.environment, payload=payload))

    @api.post("/deployments/{deployment_id}/cancel", status_code=202, dependencies=[auth.needs("cancel")])
    async def cancel(request: Request, deployment_id: str, asked: Act) -> Accepted:
        view, by = await target(request, deployment_id, "cancel", asked)
        if view.status in TERMINAL:
            raise refuse(view, "in flight")
        payload = CancelRequestedPayload(requested_by=by, reason=asked.reason)
        return await send(CancelRequested(deployment_id=view.id, environment=view.environment, payload=payload))

    @api.post("/deployments/{deployment_id}/resume", status_code=202, dependencies=[auth.needs("resume")])
    async def resume(request: Request, deployment_id: str, asked: Resume) -> Accepted:
        view, by = await target(request, deployment_id, "resume", asked)
        if view.status != "paused":
            raise refuse(view, "paused")
        payload = ResumeRequestedPayload(action=asked.action, requested_by=by, comment=asked.reason)
        return await send(ResumeRequested(deployment_id=view.id, environment=view.environment, payload=payload))

    @api.post("/deployments/{deployment_id}/rollback", status_code=202, dependencies=[auth.needs("rollback")])
    async def rollback(request: Request, deployment_id: str, asked: Rollback) -> Accepted:
        view, by = await target(request, deployment_id, "rollback", asked)
        if view.status in ("rolled-back", "rolling-back", "rejected", "cancelled"):
            raise refuse(view, "one that can be rolled back")
        reason = asked.reason or "asked for from the dashboard"
        payload = RollbackRequestedPayload(reason=reason, trigger="manual", requested_by=by, services=asked.services)
        return await send(RollbackRequested(deployment_id=view.id, environment=view.environment, payload=payload))

    return api
