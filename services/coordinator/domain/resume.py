"""What a person (or the rollback policy) decides about a deployment in flight: roll it back now, or resume a
paused one by retrying its failed services or by accepting the failure and going on."""

from datetime import datetime

from shared.events import DeploymentFailed
from shared.events.deployment import DeploymentFailedPayload

from . import commands, ending, progress, unwind
from .effects import StopCommands
from .model import Deployment, Phase, Step
from .transition import Transition

INTERRUPTIBLE = {Phase.RUNNING, Phase.VERIFYING, Phase.BAKING, Phase.PAUSED}


def rollback_requested(
    transition: Transition, deployment: Deployment, services: list[str], reason: str, by: str, now: datetime
) -> None:
    """A rollback asked for from outside: stop what runs and undo what changed. Once: a deployment already rolling
    back (or ended) ignores further requests, so concurrent signals never start two rollbacks."""
    if deployment.phase not in INTERRUPTIBLE:
        return
    running = deployment.in_flight()
    for name in running:
        deployment.services[name].step = Step.CANCELLED
    if running:
        transition.effects.append(StopCommands(deployment.id, running, _retry_jobs(deployment, running)))
    reason = f"rollback requested by {by}: {reason}" if reason else f"rollback requested by {by}"
    transition.publish(deployment, DeploymentFailed, DeploymentFailedPayload(reason=reason, failed_services=[]))
    deployment.failure = reason
    chosen = set(services) if services else None
    undo = [
        name
        for name in deployment.changed()
        if (name in chosen if chosen is not None else deployment.specs[name].on_failure != "freeze")
    ]
    if undo:
        unwind.begin(transition, deployment, undo, reason, now)
    else:
        deployment.phase, deployment.finished_at = Phase.FAILED, now
        transition.env.release(deployment.id)


def resume(transition: Transition, deployment: Deployment, action: str, now: datetime) -> None:
    if deployment.phase is not Phase.PAUSED:
        return
    was, deployment.paused_from = deployment.paused_from or Phase.RUNNING, None
    failed = [name for name, p in deployment.services.items() if p.step is Step.FAILED]
    deployment.failing, deployment.failure, deployment.phase = False, "", was
    if was is not Phase.RUNNING:  # a verification failure: continue bakes, retry verifies again
        if action == "retry":
            progress.verify(transition, deployment, now)
        else:
            ending.bake(transition, deployment, now)
        return
    for name in failed:
        item = deployment.services[name]
        item.reason, item.finished_at = "", None
        if action == "retry":
            item.runs += 1
            progress.retry(transition, deployment, name, now)
        else:
            item.step, item.finished_at = Step.PASSED, now
    progress.advance(transition, deployment, now)


def _retry_jobs(deployment: Deployment, names: list[str]) -> list[str]:
    return [commands.job_id(deployment, name) for name in names if deployment.services[name].runs > 1]
