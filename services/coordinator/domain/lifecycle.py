"""Where deployments enter and leave the environment's single slot: admit, begin, approve, promote."""

from datetime import datetime

from shared.events import ApprovalRequested, DeploymentQueued
from shared.events.deployment import ApprovalRequestedPayload, DeploymentQueuedPayload

from . import ending, progress, unwind
from .change import Change
from .model import Deployment, Phase, Queued, Undo


def admit(change: Change, deployment: Deployment, now: datetime) -> None:
    """A new request: start it if its environment is free, else queue it behind the active one."""
    env = change.env
    change.keep(deployment)
    entry = Queued(id=deployment.id, versions=deployment.versions())
    if env.active is not None:
        env.queue.append(entry)
        change.publish(
            deployment, DeploymentQueued, DeploymentQueuedPayload(position=len(env.queue), behind=env.active.id)
        )
        return
    env.active = entry
    _begin(change, deployment, now)


def _begin(change: Change, deployment: Deployment, now: datetime) -> None:
    if deployment.approval_required:
        deployment.phase = Phase.AWAITING_APPROVAL
        change.publish(
            deployment,
            ApprovalRequested,
            ApprovalRequestedPayload(reason=f"{deployment.environment} requires approval"),
        )
    else:
        progress.start(change, deployment, now)


def approve(change: Change, deployment: Deployment, now: datetime) -> None:
    if deployment.phase is Phase.AWAITING_APPROVAL:
        progress.start(change, deployment, now)


def promote(change: Change, head: Deployment, now: datetime) -> None:
    """The environment is free and `head` is first in its queue: it takes the slot and begins."""
    env = change.env
    if env.active is not None or not env.queue or env.queue[0].id != head.id:
        return
    env.active = env.queue.pop(0)
    change.keep(head)
    _begin(change, head, now)


def timer_fired(change: Change, deployment: Deployment, kind: str, service: str, now: datetime) -> None:
    """A timer set earlier came due; it only acts if the deployment is still where the timer was meant for."""
    if kind == "bake" and deployment.phase is Phase.BAKING:
        ending.succeed(change, deployment, now)
    elif kind == "verification" and deployment.phase is Phase.VERIFYING:
        ending.fail(change, deployment, "no verification verdict before the verification timeout", "verification", now)
    elif kind == "gate" and service in deployment.services:
        timeout = deployment.specs[service].gate_timeout_s
        reason = f"no health-gate answer within {timeout:g}s"
        if deployment.phase is Phase.ROLLING_BACK:
            unwind.failed(change, deployment, service, reason, now, at=Undo.GATING)
        else:
            progress.failed(change, deployment, service, reason, now)
