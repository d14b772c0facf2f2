"""A deploy request answered (pure): the same request again or a different one refused when its id is taken,
rejected with what is wrong, or admitted to its environment."""

from dataclasses import dataclass
from datetime import datetime

from shared.events import DeploymentRejected, DeployRequested, DeployRequestRefused, DeployRequestRepeated
from shared.events.answers import DeployRequestRefusedPayload, DeployRequestRepeatedPayload
from shared.events.deployment import DeploymentRejectedPayload
from shared.plan import ResolvedPlan

from . import lifecycle
from .model import Deployment, EnvironmentState, Phase
from .request import Rejected, build, rejected, targets
from .transition import Transition


@dataclass(frozen=True)
class PinnedPlan:
    """The plan a request is decided on: the one it pins (or the current one) resolved for its environment, with
    its revision; or no plan, and `problem` says why (none applied, not valid, no such environment)."""

    plan: ResolvedPlan | None
    revision: int | None = None
    problem: str = ""

    def require(self) -> ResolvedPlan:
        if self.plan is None:
            raise Rejected(self.problem)
        return self.plan


def requested(
    env: EnvironmentState, existing: Deployment | None, event: DeployRequested, pinned: PinnedPlan, now: datetime
) -> Transition:
    transition = Transition(env)
    if existing is not None:  # its id is taken: the same request again, or a different one refused
        answer_reuse(transition, event, existing, pinned, now)
        return transition
    try:
        deployment = build(event, pinned.require(), pinned.revision, env, now)
    except Rejected as exc:
        deployment = rejected(event, str(exc), now)
        if pinned.plan is not None:  # an environment of the plan keeps it in its history; no other becomes one
            transition.keep(deployment)
        transition.publish(deployment, DeploymentRejected, DeploymentRejectedPayload(reason=str(exc)))
        return transition
    lifecycle.admit(transition, deployment, now)
    return transition


def reused(
    event: DeployRequested, existing: Deployment, pinned: PinnedPlan, env: EnvironmentState, now: datetime
) -> str | None:
    """A request whose id `existing` holds: None when it asks for what made `existing` (same environment and
    versions: a CI job retried; a rejected one is the same when it is rejected for the same reason now), else why
    it is refused: it names `existing` and what to do."""
    same = existing.environment == event.environment
    if same and existing.phase is Phase.REJECTED:
        try:
            build(event, pinned.require(), existing.plan_revision, env, now)
            same = False
        except Rejected as exc:
            same = str(exc) == existing.failure
    elif same:
        try:
            same = pinned.plan is not None and targets(event, pinned.plan) == existing.versions()
        except Rejected:
            same = False
    if same:
        return None
    held = ", ".join(f"{n} {v}" for n, v in existing.versions().items()) or existing.failure or "nothing"
    return (
        f"deployment {existing.id} already exists in {existing.environment} ({existing.phase}: {held}) and a "
        f"different request made it; give this request a new --id, or leave --id out for a fresh one"
    )


def answer_reuse(
    transition: Transition, event: DeployRequested, existing: Deployment, pinned: PinnedPlan, now: datetime
) -> None:
    """Answers a request whose id `existing` holds, leaving `existing` as it is (never with deployment-rejected,
    which every consumer would take as the end of `existing`)."""
    refusal = reused(event, existing, pinned, transition.env, now)
    if refusal is None:
        repeated = DeployRequestRepeatedPayload(request_event_id=event.event_id, phase=existing.phase)
        transition.publish(existing, DeployRequestRepeated, repeated, causation_id=event.event_id)
    else:
        refused = DeployRequestRefusedPayload(request_event_id=event.event_id, phase=existing.phase, reason=refusal)
        transition.publish(existing, DeployRequestRefused, refused, causation_id=event.event_id)
