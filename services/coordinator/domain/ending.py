"""How a deployment ends: baked and succeeded, failed, or cancelled; a failure or cancel that undoes what changed
hands over to unwind (which ends it rolled back, or failed)."""

from datetime import datetime, timedelta
from typing import Literal

from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentSucceeded,
    RollbackRequested,
)
from shared.events.deployment import (
    BakeStartedPayload,
    DeploymentCancelledPayload,
    DeploymentFailedPayload,
    DeploymentSucceededPayload,
)
from shared.events.recovery import DeploymentPausedPayload
from shared.events.rollback import RollbackRequestedPayload

from . import unwind
from .effects import SetTimer, StopCommands
from .model import ACTIVE, Deployment, Phase, Step
from .transition import Transition

FailureTrigger = Literal["deploy", "verification"]  # what made a deployment fail, in its rollback-requested


def bake(transition: Transition, deployment: Deployment, now: datetime) -> None:
    seconds = max((deployment.specs[n].bake_s for n in deployment.changed()), default=0.0)
    if seconds <= 0:
        succeed(transition, deployment, now)
        return
    deployment.phase = Phase.BAKING
    until = now + timedelta(seconds=seconds)
    transition.publish(deployment, BakeStarted, BakeStartedPayload(duration_s=seconds, until=until))
    transition.effects.append(SetTimer(deployment.id, "bake", until))


def succeed(transition: Transition, deployment: Deployment, now: datetime) -> None:
    deployment.phase, deployment.finished_at = Phase.SUCCEEDED, now
    duration = (now - (deployment.started_at or now)).total_seconds()
    transition.publish(
        deployment, DeploymentSucceeded, DeploymentSucceededPayload(duration_s=duration, versions=deployment.versions())
    )
    transition.env.release(deployment.id)


def fail(transition: Transition, deployment: Deployment, reason: str, trigger: FailureTrigger, now: datetime) -> None:
    """Failed. The failed services' plan decides (the strictest wins): freeze stops and leaves everything as it is,
    pause holds the environment for a person, rollback undoes what changed (except services that freeze)."""
    failed_services = [n for n, p in deployment.services.items() if p.step is Step.FAILED]
    transition.publish(
        deployment, DeploymentFailed, DeploymentFailedPayload(reason=reason, failed_services=failed_services)
    )
    deployment.failure = reason
    governing = failed_services or deployment.changed()
    policies = {deployment.specs[n].on_failure for n in governing}
    if "freeze" in policies:
        deployment.phase, deployment.finished_at = Phase.FAILED, now
        transition.env.release(deployment.id)
        return
    if "pause" in policies:
        deployment.paused_from, deployment.phase = deployment.phase, Phase.PAUSED
        transition.publish(
            deployment, DeploymentPaused, DeploymentPausedPayload(reason=reason, failed_services=failed_services)
        )
        return
    undo = [n for n in deployment.changed() if deployment.specs[n].on_failure != "freeze"]
    if undo:
        transition.publish(
            deployment, RollbackRequested, RollbackRequestedPayload(reason=reason, trigger=trigger, services=undo)
        )
        unwind.begin(transition, deployment, undo, reason, now)
    else:
        deployment.phase, deployment.finished_at = Phase.FAILED, now
        transition.env.release(deployment.id)


def cancel(transition: Transition, deployment: Deployment, by: str, reason: str, now: datetime) -> None:
    env = transition.env
    if deployment.phase is Phase.QUEUED:
        env.queue = [q for q in env.queue if q.id != deployment.id]
    elif deployment.phase not in ACTIVE or deployment.phase is Phase.ROLLING_BACK:
        return
    running = deployment.in_flight()
    for name in running:
        deployment.services[name].step = Step.CANCELLED
    if running:
        transition.effects.append(StopCommands(deployment.id, running))
    transition.publish(deployment, DeploymentCancelled, DeploymentCancelledPayload(cancelled_by=by, reason=reason))
    undo = [n for n in deployment.changed() if deployment.specs[n].on_cancel == "rollback"]
    if undo:
        transition.publish(
            deployment,
            RollbackRequested,
            RollbackRequestedPayload(reason="cancelled", trigger="manual", services=undo, requested_by=by),
        )
        unwind.begin(transition, deployment, undo, f"cancelled by {by}", now)
        return
    was_active = deployment.phase is not Phase.QUEUED
    deployment.phase, deployment.finished_at = Phase.CANCELLED, now
    if was_active:
        transition.env.release(deployment.id)


def verified(transition: Transition, deployment: Deployment, ok: bool, summary: str, now: datetime) -> None:
    if deployment.phase is not Phase.VERIFYING:
        return
    if ok:
        bake(transition, deployment, now)
    else:
        fail(
            transition,
            deployment,
            f"verification failed: {summary or 'see the verification results'}",
            "verification",
            now,
        )
