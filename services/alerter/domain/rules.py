"""Which events become alerts, at which severity, and which events resolve which alerts. Pure: event in, changes out.

The rules themselves are in deployment_rules.py and health_rules.py; here each event class finds its rule."""

from collections.abc import Callable

from shared.events import (
    ApprovalRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentSucceeded,
    Event,
    HealthDegraded,
    HealthGateFailed,
    HealthRecovered,
    PerformanceDegraded,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
    ServiceDeployFailed,
    VerificationFailed,
)

from . import deployment_rules as deployment
from . import health_rules as health
from .changes import AlertChange

RULE_EVENTS: tuple[type[Event], ...] = (
    DeploymentFailed,
    RollbackFailed,
    RollbackStarted,
    RollbackCompleted,
    DeploymentRolledBack,
    DeploymentSucceeded,
    HealthDegraded,
    HealthRecovered,
    PerformanceDegraded,
    ServiceDeployFailed,
    HealthGateFailed,
    VerificationFailed,
    ApprovalRequested,
    DeploymentCancelled,
)


def evaluate(event: Event, production: Callable[[str], bool]) -> list[AlertChange]:
    """The alert changes an event causes; `production(environment)` says whether the environment is production."""
    if not event.environment:
        return []
    match event:
        case DeploymentFailed():
            return deployment.deployment_failed(event)
        case RollbackFailed():
            return deployment.rollback_failed(event)
        case RollbackStarted():
            return deployment.rollback_started(event)
        case RollbackCompleted():
            return deployment.rollback_completed(event)
        case DeploymentRolledBack():
            return deployment.rolled_back(event)
        case DeploymentSucceeded():
            return deployment.succeeded(event)
        case ApprovalRequested():
            return deployment.approval_requested(event)
        case DeploymentCancelled():
            return deployment.cancelled(event)
        case HealthDegraded():
            return health.health_degraded(event, production(event.environment))
        case HealthRecovered():
            return health.health_recovered(event)
        case PerformanceDegraded():
            return health.performance_degraded(event)
        case ServiceDeployFailed():
            return health.step_failed(event)
        case HealthGateFailed():
            return health.gate_failed(event)
        case VerificationFailed():
            return health.verification_failed(event)
        case _:
            return []
