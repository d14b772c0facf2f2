"""The coordinator's event handlers: load what the decision needs, decide (pure), commit with its effects."""

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from shared.bus.dispatch import Handler
from shared.events import (
    ApprovalGranted,
    CancelRequested,
    DeploymentRecorded,
    DeploymentRejected,
    DeployRequested,
    Event,
    HealthGateFailed,
    HealthGatePassed,
    ResumeRequested,
    RollbackRequested,
    ServiceDeployFailed,
    ServiceDeploySucceeded,
    VerificationFailed,
    VerificationPassed,
)
from shared.plan import PlanError, ResolvedPlan, UnknownEnvironmentError, resolve_for_environment
from shared.plan.cache import PlanCache

from .domain import ending, lifecycle, progress, recorded, request, resume, unwind
from .domain.change import Change
from .domain.effects import StopCommands
from .domain.model import Deployment, EnvironmentState, Phase, Undo
from .store import DeploymentStore

log = logging.getLogger("flightdeck.coordinator")
Action = Callable[[Change, Deployment, datetime], None]
Stop = Callable[[StopCommands], Awaitable[None]]


def _succeeded(change: Change, deployment: Deployment, event: Event, now: datetime) -> None:
    """The step says which command ended: the deploy, (blue-green) the switch to the new color, or a rollback."""
    assert isinstance(event, ServiceDeploySucceeded) and event.service
    if event.payload.step == "rollback":
        unwind.command_done(change, deployment, event.service, now)
    elif event.payload.step == "switch":
        progress.switched(change, deployment, event.service, now)
    elif event.payload.step == "deploy":
        progress.deployed(change, deployment, event.service, now)


def _failed(
    change: Change, deployment: Deployment, service: str | None, reason: str, now: datetime, step: str = "gate"
) -> None:
    """A command or a gate failed: of the rollback, while rolling back; of the deployment, otherwise."""
    assert service
    if deployment.phase is Phase.ROLLING_BACK:
        if step in ("rollback", "gate"):
            unwind.failed(
                change, deployment, service, reason, now, at=Undo.RUNNING if step == "rollback" else Undo.GATING
            )
    else:
        progress.failed(change, deployment, service, reason, now)


def _passed(change: Change, deployment: Deployment, service: str | None, now: datetime) -> None:
    assert service
    if deployment.phase is Phase.ROLLING_BACK:
        unwind.gate_passed(change, deployment, service, now)
    else:
        progress.passed(change, deployment, service, now)


def _rollback(change: Change, deployment: Deployment, event: Event, now: datetime) -> None:
    assert isinstance(event, RollbackRequested)
    p = event.payload
    resume.rollback_requested(change, deployment, p.services, p.reason, p.requested_by, now)


class Coordinator:
    def __init__(self, store: DeploymentStore, plans: PlanCache, stop: Stop) -> None:
        self.store, self.plans, self._stop = store, plans, stop

    async def _run(self, event: Event, action: Action) -> None:
        def decide(env: EnvironmentState, deployment: Deployment | None, now: datetime) -> Change | None:
            if deployment is None:
                log.warning("%s for unknown deployment %s; ignored", event.type, event.deployment_id)
                return None
            change = Change(env)
            action(change, change.keep(deployment), now)
            return change

        assert event.deployment_id is not None
        await self._commit(event, event.deployment_id, event.environment, decide)

    async def _commit(self, event: Event, deployment_id: str, environment: str | None, decide: Any) -> None:
        change = await self.store.transact(deployment_id, environment, decide, handled=event.event_id)
        for effect in change.effects if change else ():
            if isinstance(effect, StopCommands):
                await self._stop(effect)

    async def recorded(self, event: Event) -> None:
        assert isinstance(event, DeploymentRecorded) and event.deployment_id
        await self._commit(
            event,
            event.deployment_id,
            event.environment,
            lambda env, existing, now: recorded.record(env, existing, event, now),
        )

    async def requested(self, event: Event) -> None:
        assert isinstance(event, DeployRequested)
        plan, revision, problem = await self._plan(event)

        def decide(env: EnvironmentState, existing: Deployment | None, now: datetime) -> Change | None:
            change = Change(env)
            if existing is not None:  # its id is taken: the same request again, or a different one refused
                request.answer_reuse(change, event, existing, plan, problem, now)
                return change
            try:
                if plan is None:
                    raise request.Rejected(problem)
                deployment = request.build(event, plan, revision, env, now)
            except request.Rejected as exc:
                deployment = request.rejected(event, str(exc), now)
                if plan is not None:  # an environment of the plan keeps it in its history; no other becomes one
                    change.keep(deployment)
                change.publish(deployment, DeploymentRejected, {"reason": str(exc)})
                return change
            lifecycle.admit(change, deployment, now)
            return change

        await self._commit(event, event.deployment_id, event.environment, decide)

    async def _plan(self, event: DeployRequested) -> tuple[ResolvedPlan | None, int | None, str]:
        try:
            pinned = event.payload.plan_revision
            stored = await (self.plans.revision(pinned) if pinned is not None else self.plans.current())
        except PlanError as exc:
            return None, None, f"the plan is not valid: {exc}"
        if stored is None:
            return None, None, "no plan has been applied yet: run `flightdeck plan apply flightdeck.yaml`"
        try:
            return resolve_for_environment(stored.plan, event.environment), stored.revision, ""
        except UnknownEnvironmentError as exc:
            return None, stored.revision, str(exc)

    def handlers(self) -> Mapping[str, Handler]:
        def on(action: Callable[[Change, Deployment, Event, datetime], None]) -> Handler:
            async def handle(event: Event) -> None:
                await self._run(event, lambda change, deployment, now: action(change, deployment, event, now))

            return handle

        def wire(event_type: type[Event]) -> str:
            return str(event_type.model_fields["type"].default)

        return {
            wire(DeployRequested): self.requested,
            wire(DeploymentRecorded): self.recorded,
            wire(ApprovalGranted): on(lambda c, d, e, n: lifecycle.approve(c, d, n)),
            wire(CancelRequested): on(
                lambda c, d, e, n: ending.cancel(c, d, e.payload.requested_by, e.payload.reason, n)
            ),
            wire(ServiceDeploySucceeded): on(_succeeded),
            wire(ServiceDeployFailed): on(
                lambda c, d, e, n: _failed(c, d, e.service, e.payload.reason, n, e.payload.step)
            ),
            wire(HealthGatePassed): on(lambda c, d, e, n: _passed(c, d, e.service, n)),
            wire(HealthGateFailed): on(
                lambda c, d, e, n: _failed(c, d, e.service, f"health gate failed: {e.payload.reason}", n)
            ),
            wire(VerificationPassed): on(lambda c, d, e, n: ending.verified(c, d, True, e.payload.summary, n)),
            wire(VerificationFailed): on(lambda c, d, e, n: ending.verified(c, d, False, e.payload.summary, n)),
            wire(RollbackRequested): on(_rollback),
            wire(ResumeRequested): on(lambda c, d, e, n: resume.resume(c, d, e.payload.action, n)),
        }

    async def timer(self, deployment_id: str, kind: str, service: str) -> None:
        def decide(env: EnvironmentState, deployment: Deployment | None, now: datetime) -> Change | None:
            if deployment is None:
                return None
            change = Change(env)
            lifecycle.timer_fired(change, change.keep(deployment), kind, service, now)
            return change

        await self.store.transact(deployment_id, None, decide)
