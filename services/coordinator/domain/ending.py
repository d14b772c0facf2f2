"""How a deployment ends: baked and succeeded, failed (and rolled back), cancelled, or rolled back."""

from datetime import datetime, timedelta
from typing import Literal

from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentRolledBack,
    DeploymentSucceeded,
    RollbackRequested,
)
from shared.events.deployment import (
    BakeStartedPayload,
    DeploymentCancelledPayload,
    DeploymentFailedPayload,
    DeploymentRolledBackPayload,
    DeploymentSucceededPayload,
)
from shared.events.recovery import DeploymentPausedPayload
from shared.events.rollback import RollbackRequestedPayload

from . import unwind
from .change import Change
from .effects import SetTimer, StopCommands
from .model import ACTIVE, Deployment, Phase, Step

FailureTrigger = Literal["deploy", "verification"]  # what made a deployment fail, in its rollback-requested


def bake(change: Change, deployment: Deployment, now: datetime) -> None:
    seconds = max((deployment.specs[n].bake_s for n in deployment.changed()), default=0.0)
    if seconds <= 0:
        succeed(change, deployment, now)
        return
    deployment.phase = Phase.BAKING
    until = now + timedelta(seconds=seconds)
    change.publish(deployment, BakeStarted, BakeStartedPayload(duration_s=seconds, until=until))
    change.effects.append(SetTimer(deployment.id, "bake", until))


def succeed(change: Change, deployment: Deployment, now: datetime) -> None:
    deployment.phase, deployment.finished_at = Phase.SUCCEEDED, now
    duration = (now - (deployment.started_at or now)).total_seconds()
    change.publish(
        deployment, DeploymentSucceeded, DeploymentSucceededPayload(duration_s=duration, versions=deployment.versions())
    )
    release(change, deployment)


def fail(change: Change, deployment: Deployment, reason: str, trigger: FailureTrigger, now: datetime) -> None:
    """Failed. The failed services' plan decides (the strictest wins): freeze stops and leaves everything as it is,
    pause holds the environment for a person, rollback undoes what changed (except services that freeze)."""
    failed_services = [n for n, p in deployment.services.items() if p.step is Step.FAILED]
    change.publish(
        deployment, DeploymentFailed, DeploymentFailedPayload(reason=reason, failed_services=failed_services)
    )
    deployment.failure = reason
    governing = failed_services or deployment.changed()
    policies = {deployment.specs[n].on_failure for n in governing}
    if "freeze" in policies:
        deployment.phase, deployment.finished_at = Phase.FAILED, now
        release(change, deployment)
        return
    if "pause" in policies:
        deployment.paused_from, deployment.phase = deployment.phase, Phase.PAUSED
        change.publish(
            deployment, DeploymentPaused, DeploymentPausedPayload(reason=reason, failed_services=failed_services)
        )
        return
    undo = [n for n in deployment.changed() if deployment.specs[n].on_failure != "freeze"]
    if undo:
        change.publish(
            deployment, RollbackRequested, RollbackRequestedPayload(reason=reason, trigger=trigger, services=undo)
        )
        unwind.begin(change, deployment, undo, reason, now)
    else:
        deployment.phase, deployment.finished_at = Phase.FAILED, now
        release(change, deployment)


def cancel(change: Change, deployment: Deployment, by: str, reason: str, now: datetime) -> None:
    env = change.env
    if deployment.phase is Phase.QUEUED:
        env.queue = [q for q in env.queue if q.id != deployment.id]
    elif deployment.phase not in ACTIVE or deployment.phase is Phase.ROLLING_BACK:
        return
    running = deployment.in_flight()
    for name in running:
        deployment.services[name].step = Step.CANCELLED
    if running:
        change.effects.append(StopCommands(deployment.id, running))
    change.publish(deployment, DeploymentCancelled, DeploymentCancelledPayload(cancelled_by=by, reason=reason))
    undo = [n for n in deployment.changed() if deployment.specs[n].on_cancel == "rollback"]
    if undo:
        change.publish(
            deployment,
            RollbackRequested,
            RollbackRequestedPayload(reason="cancelled", trigger="manual", services=undo, requested_by=by),
        )
        unwind.begin(change, deployment, undo, f"cancelled by {by}", now)
        return
    was_active = deployment.phase is not Phase.QUEUED
    deployment.phase, deployment.finished_at = Phase.CANCELLED, now
    if was_active:
        release(change, deployment)


def rolled_back(change: Change, deployment: Deployment, ok: bool, now: datetime) -> None:
    if deployment.phase is not Phase.ROLLING_BACK:
        return
    deployment.finished_at = now
    if ok:
        deployment.phase = Phase.ROLLED_BACK
        restored = {n: p.previous_version for n, p in deployment.services.items() if p.changed and p.previous_version}
        change.publish(
            deployment,
            DeploymentRolledBack,
            DeploymentRolledBackPayload(reason=deployment.failure or "rolled back", services=restored),
        )
    else:
        deployment.phase = Phase.FAILED
    release(change, deployment)


def release(change: Change, deployment: Deployment) -> None:
    """Frees the environment; the caller then promotes the next queued deployment (see lifecycle.promote)."""
    if change.env.active is not None and change.env.active.id == deployment.id:
        change.env.active = None


def verified(change: Change, deployment: Deployment, ok: bool, summary: str, now: datetime) -> None:
    if deployment.phase is not Phase.VERIFYING:
        return
    if ok:
        bake(change, deployment, now)
    else:
        fail(
            change, deployment, f"verification failed: {summary or 'see the verification results'}", "verification", now
        )
