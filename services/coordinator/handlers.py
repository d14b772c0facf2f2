"""The coordinator's event handlers: load what the decision needs, decide (pure), commit with its effects."""

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from shared.bus.handlers import Handler, Handlers
from shared.events import (
    ApprovalGranted,
    CancelRequested,
    DeploymentEvent,
    DeploymentRecorded,
    DeployRequested,
    HealthGateFailed,
    HealthGatePassed,
    ResumeRequested,
    RollbackRequested,
    ServiceDeployFailed,
    ServiceDeploySucceeded,
    VerificationFailed,
    VerificationPassed,
)
from shared.plan import PlanError, UnknownEnvironmentError, resolve_for_environment
from shared.plan.cache import PlanCache

from .domain import inputs, intake, lifecycle, recorded
from .domain.effects import StopCommands
from .domain.inputs import E, Reaction
from .domain.intake import PinnedPlan
from .domain.model import Deployment, EnvironmentState
from .domain.transition import Transition
from .store import Decide, DeploymentStore

log = logging.getLogger("flightdeck.coordinator")
Stop = Callable[[StopCommands], Awaitable[None]]
VERIFICATION: list[type[VerificationPassed | VerificationFailed]] = [VerificationPassed, VerificationFailed]


class Coordinator:
    def __init__(self, store: DeploymentStore, plans: PlanCache, stop: Stop) -> None:
        self.store, self.plans, self._stop = store, plans, stop

    def handlers(self) -> Handlers:
        return (
            Handlers()
            .on(DeployRequested, self.requested)
            .on(DeploymentRecorded, self.recorded)
            .on(ApprovalGranted, self._reacting(inputs.approval_granted))
            .on(CancelRequested, self._reacting(inputs.cancel_requested))
            .on(ServiceDeploySucceeded, self._reacting(inputs.command_succeeded))
            .on(ServiceDeployFailed, self._reacting(inputs.command_failed))
            .on(HealthGatePassed, self._reacting(inputs.gate_passed))
            .on(HealthGateFailed, self._reacting(inputs.gate_failed))
            .on_any(VERIFICATION, self._reacting(inputs.verified))
            .on(RollbackRequested, self._reacting(inputs.rollback_requested))
            .on(ResumeRequested, self._reacting(inputs.resume_requested))
        )

    def _reacting(self, reaction: Reaction[E]) -> Handler[E]:
        """The handler that applies `reaction` to the deployment the event names (an unknown one: ignored)."""

        async def handle(event: E) -> None:
            def decide(env: EnvironmentState, deployment: Deployment | None, now: datetime) -> Transition | None:
                if deployment is None:
                    log.warning("%s for unknown deployment %s; ignored", event.type, event.deployment_id)
                    return None
                transition = Transition(env)
                reaction(transition, transition.keep(deployment), event, now)
                return transition

            await self._commit(event, decide)

        return handle

    async def _commit(self, event: DeploymentEvent, decide: Decide) -> None:
        transition = await self.store.transact(event.deployment_id, event.environment, decide, handled=event.event_id)
        for effect in transition.effects if transition else ():
            if isinstance(effect, StopCommands):
                await self._stop(effect)

    async def recorded(self, event: DeploymentRecorded) -> None:
        def decide(env: EnvironmentState, existing: Deployment | None, now: datetime) -> Transition | None:
            return recorded.record(env, existing, event, now)

        await self._commit(event, decide)

    async def requested(self, event: DeployRequested) -> None:
        pinned = await self._plan(event)

        def decide(env: EnvironmentState, existing: Deployment | None, now: datetime) -> Transition | None:
            return intake.requested(env, existing, event, pinned, now)

        await self._commit(event, decide)

    async def _plan(self, event: DeployRequested) -> PinnedPlan:
        try:
            pinned = event.payload.plan_revision
            stored = await (self.plans.revision(pinned) if pinned is not None else self.plans.current())
        except PlanError as exc:
            return PinnedPlan(None, problem=f"the plan is not valid: {exc}")
        if stored is None:
            return PinnedPlan(None, problem="no plan has been applied yet: run `flightdeck plan apply flightdeck.yaml`")
        try:
            return PinnedPlan(resolve_for_environment(stored.plan, event.environment), stored.revision)
        except UnknownEnvironmentError as exc:
            return PinnedPlan(None, stored.revision, str(exc))

    async def timer(self, deployment_id: str, kind: str, service: str) -> None:
        def decide(env: EnvironmentState, deployment: Deployment | None, now: datetime) -> Transition | None:
            if deployment is None:
                return None
            transition = Transition(env)
            lifecycle.timer_fired(transition, transition.keep(deployment), kind, service, now)
            return transition

        await self.store.transact(deployment_id, None, decide)
