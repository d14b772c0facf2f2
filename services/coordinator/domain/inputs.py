"""What each event the coordinator consumes does to the deployment it names (pure): one function per event class,
`(transition, deployment, event, now)`, that tells the deployment's own steps from its rollback's."""

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from shared.events import (
    ApprovalGranted,
    CancelRequested,
    DeploymentEvent,
    HealthGateFailed,
    HealthGatePassed,
    ResumeRequested,
    RollbackRequested,
    ServiceDeployFailed,
    ServiceDeploySucceeded,
    VerificationFailed,
    VerificationPassed,
)

from . import ending, lifecycle, progress, resume, unwind
from .model import Deployment, Phase, Undo
from .transition import Transition

E = TypeVar("E", bound=DeploymentEvent)
Reaction = Callable[[Transition, Deployment, E, datetime], None]


def approval_granted(transition: Transition, deployment: Deployment, event: ApprovalGranted, now: datetime) -> None:
    lifecycle.approve(transition, deployment, now)


def cancel_requested(transition: Transition, deployment: Deployment, event: CancelRequested, now: datetime) -> None:
    ending.cancel(transition, deployment, event.payload.requested_by, event.payload.reason, now)


def command_succeeded(
    transition: Transition, deployment: Deployment, event: ServiceDeploySucceeded, now: datetime
) -> None:
    """The step says which command ended: the deploy, (blue-green) the switch to the new color, or a rollback."""
    if event.payload.step == "rollback":
        unwind.command_done(transition, deployment, event.service, now)
    elif event.payload.step == "switch":
        progress.switched(transition, deployment, event.service, now)
    elif event.payload.step == "deploy":
        progress.deployed(transition, deployment, event.service, now)


def command_failed(transition: Transition, deployment: Deployment, event: ServiceDeployFailed, now: datetime) -> None:
    """Of the rollback, while rolling back (a deploy or switch killed by the rollback changes nothing then); of
    the deployment, otherwise."""
    if deployment.phase is not Phase.ROLLING_BACK:
        progress.failed(transition, deployment, event.service, event.payload.reason, now)
    elif event.payload.step == "rollback":
        unwind.failed(transition, deployment, event.service, event.payload.reason, now, at=Undo.RUNNING)


def gate_passed(transition: Transition, deployment: Deployment, event: HealthGatePassed, now: datetime) -> None:
    if deployment.phase is Phase.ROLLING_BACK:
        unwind.gate_passed(transition, deployment, event.service, now)
    else:
        progress.passed(transition, deployment, event.service, now)


def gate_failed(transition: Transition, deployment: Deployment, event: HealthGateFailed, now: datetime) -> None:
    reason = f"health gate failed: {event.payload.reason}"
    if deployment.phase is Phase.ROLLING_BACK:
        unwind.failed(transition, deployment, event.service, reason, now, at=Undo.GATING)
    else:
        progress.failed(transition, deployment, event.service, reason, now)


def verified(
    transition: Transition, deployment: Deployment, event: VerificationPassed | VerificationFailed, now: datetime
) -> None:
    match event:
        case VerificationPassed():
            ending.verified(transition, deployment, True, event.payload.summary, now)
        case VerificationFailed():
            ending.verified(transition, deployment, False, event.payload.summary, now)


def rollback_requested(transition: Transition, deployment: Deployment, event: RollbackRequested, now: datetime) -> None:
    p = event.payload
    resume.rollback_requested(transition, deployment, p.services, p.reason, p.requested_by, now)


def resume_requested(transition: Transition, deployment: Deployment, event: ResumeRequested, now: datetime) -> None:
    resume.resume(transition, deployment, event.payload.action, now)
