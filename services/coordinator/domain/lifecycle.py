"""Where deployments enter and leave the environment's single slot: admit, begin, approve, promote."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.events import ApprovalRequested, DeploymentQueued
from shared.events.deployment import ApprovalRequestedPayload, DeploymentQueuedPayload

from . import ending, progress, unwind
from .model import Deployment, Phase, Queued, Undo
from .transition import Transition


def admit(transition: Transition, deployment: Deployment, now: datetime) -> None:
    """A new request: start it if its environment is free, else queue it behind the active one."""
    env = transition.env
    transition.keep(deployment)
    entry = Queued(id=deployment.id, versions=deployment.versions())
    if env.active is not None:
        env.queue.append(entry)
        transition.publish(
            deployment, DeploymentQueued, DeploymentQueuedPayload(position=len(env.queue), behind=env.active.id)
        )
        return
    env.active = entry
    _begin(transition, deployment, now)


def _begin(transition: Transition, deployment: Deployment, now: datetime) -> None:
    if deployment.approval_required:
        deployment.phase = Phase.AWAITING_APPROVAL
        transition.publish(
            deployment,
            ApprovalRequested,
            ApprovalRequestedPayload(reason=f"{deployment.environment} requires approval"),
        )
    else:
        progress.start(transition, deployment, now)


def approve(transition: Transition, deployment: Deployment, now: datetime) -> None:
    if deployment.phase is Phase.AWAITING_APPROVAL:
        progress.start(transition, deployment, now)


def promote(transition: Transition, head: Deployment, now: datetime) -> None:
    """The environment is free and `head` is first in its queue: it takes the slot and begins."""
    env = transition.env
    if env.active is not None or not env.queue or env.queue[0].id != head.id:
        return
    env.active = env.queue.pop(0)
    transition.keep(head)
    _begin(transition, head, now)


@dataclass(frozen=True)
class Promotion:
    """What a freed environment did with its queue: who took the slot in turn (one that ended at once frees it for
    the next), and the queued deployments skipped because they no longer exist (expired)."""

    promoted: tuple[str, ...] = ()
    vanished: tuple[str, ...] = ()


def awaiting(transition: Transition) -> list[str]:
    """The queued deployments `promote_next` may need that the transition does not hold (none unless the slot is
    free): the store loads them."""
    if transition.env.active is not None:
        return []
    return [entry.id for entry in transition.env.queue if entry.id not in transition.deployments]


def promote_next(transition: Transition, queued: Mapping[str, Deployment | None], now: datetime) -> Promotion:
    """While the environment is free, the first queued deployment takes it (`queued`: those `awaiting` named, as
    loaded; None or missing: vanished, never blocking the queue)."""
    promoted: list[str] = []
    vanished: list[str] = []
    while transition.env.active is None and transition.env.queue:
        head_id = transition.env.queue[0].id
        head = transition.deployments[head_id] if head_id in transition.deployments else queued.get(head_id)
        if head is None:
            transition.env.queue.pop(0)
            vanished.append(head_id)
            continue
        promote(transition, head, now)
        promoted.append(head_id)
    return Promotion(tuple(promoted), tuple(vanished))


def timer_fired(transition: Transition, deployment: Deployment, kind: str, service: str, now: datetime) -> None:
    """A timer set earlier came due; it only acts if the deployment is still where the timer was meant for."""
    if kind == "bake" and deployment.phase is Phase.BAKING:
        ending.succeed(transition, deployment, now)
    elif kind == "verification" and deployment.phase is Phase.VERIFYING:
        ending.fail(
            transition, deployment, "no verification verdict before the verification timeout", "verification", now
        )
    elif kind == "gate" and service in deployment.services:
        timeout = deployment.specs[service].gate_timeout_s
        reason = f"no health-gate answer within {timeout:g}s"
        if deployment.phase is Phase.ROLLING_BACK:
            unwind.failed(transition, deployment, service, reason, now, at=Undo.GATING)
        else:
            progress.failed(transition, deployment, service, reason, now)
