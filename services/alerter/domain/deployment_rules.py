"""The rules of a deployment's course: its failure, its rollback, its success, and the notices on the way. Pure."""

from shared.events import (
    ApprovalRequested,
    DeploymentCancelled,
    DeploymentEvent,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentSucceeded,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
)

from .changes import AlertChange, Fire, Resolve, alert_of

DEPLOYMENT_TROUBLE = (
    "service-deploy-failed",
    "health-gate-failed",
    "verification-failed",
    "deployment-failed",
    "rollback-started",
)
ENVIRONMENT_TROUBLE = ("deployment-failed", "rollback-failed")


def deployment_failed(event: DeploymentFailed) -> list[AlertChange]:
    payload = event.payload
    summary = f"Deployment {event.deployment_id} failed in {event.environment}: {payload.reason}"
    details = {"reason": payload.reason, "failed services": ", ".join(payload.failed_services)}
    alert = alert_of(
        event,
        "critical",
        summary,
        subject=event.deployment_id,
        details=details,
        services=list(payload.failed_services),
    )
    return [Fire(alert)]


def rollback_failed(event: RollbackFailed) -> list[AlertChange]:
    failed = [o for o in event.payload.outcomes if not o.ok]
    summary = f"Rollback of {event.deployment_id} failed in {event.environment}" + (
        f": {', '.join(o.service for o in failed)} not restored" if failed else ""
    )
    details = {o.service: o.detail or "not restored" for o in failed} | {"reason": event.payload.reason}
    alert = alert_of(
        event,
        "critical",
        summary,
        subject=event.deployment_id,
        details=details,
        services=[o.service for o in failed],
    )
    return [Resolve(event.environment, ("rollback-started",), deployment_id=event.deployment_id), Fire(alert)]


def rollback_started(event: RollbackStarted) -> list[AlertChange]:
    services = [name for wave in event.payload.waves for name in wave]
    summary = f"Rolling back {event.deployment_id} in {event.environment}" + (
        f": {', '.join(services)}" if services else ""
    )
    alert = alert_of(
        event,
        "info",
        summary,
        subject=event.deployment_id,
        notice=True,
        details={"reason": event.payload.reason},
        services=services,
    )
    return [Fire(alert)]


def rollback_completed(event: RollbackCompleted) -> list[AlertChange]:
    restored = [f"{o.service} {o.restored_version or ''}".strip() for o in event.payload.outcomes if o.ok]
    summary = f"Rolled back {event.deployment_id} in {event.environment}" + (
        f": {', '.join(restored)}" if restored else ""
    )
    details = {"duration": f"{event.payload.duration_s:.1f}s", "reason": event.payload.reason}
    notice = alert_of(event, "info", summary, subject=event.deployment_id, notice=True, details=details)
    return [
        Resolve(event.environment, DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id),
        Fire(notice, lasting=False),
    ]


def rolled_back(event: DeploymentRolledBack) -> list[AlertChange]:
    return [Resolve(event.environment, DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id)]


def succeeded(event: DeploymentSucceeded) -> list[AlertChange]:
    return [
        Resolve(event.environment, DEPLOYMENT_TROUBLE, deployment_id=event.deployment_id),
        Resolve(event.environment, ENVIRONMENT_TROUBLE),
    ]


def approval_requested(event: ApprovalRequested) -> list[AlertChange]:
    return _notice(event, f"Deployment {event.deployment_id} waits for approval in {event.environment}")


def cancelled(event: DeploymentCancelled) -> list[AlertChange]:
    by = f" by {event.payload.cancelled_by}" if event.payload.cancelled_by else ""
    return _notice(event, f"Deployment {event.deployment_id} was cancelled in {event.environment}{by}")


def _notice(event: DeploymentEvent, summary: str) -> list[AlertChange]:
    return [Fire(alert_of(event, "info", summary, subject=event.deployment_id, notice=True), lasting=False)]
