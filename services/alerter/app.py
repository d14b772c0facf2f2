"""The alerter service's declaration: what it consumes and produces, and its handlers."""

from shared.bus.handlers import Handlers
from shared.events import (
    AlertAcknowledged,
    AlertEscalated,
    AlertFailed,
    AlertSent,
    ApprovalRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRecorded,
    DeploymentRolledBack,
    DeploymentSucceeded,
    DigestReady,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthRecovered,
    PerformanceDegraded,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    SilenceCreated,
    SilenceExpired,
    VerificationFailed,
)
from shared.runtime import ServiceContext, ServiceDefinition

CONSUMES = (
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    ApprovalRequested,
    DeploymentRecorded,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    ServiceDeployFailed,
    HealthGatePassed,
    HealthGateFailed,
    HealthDegraded,
    HealthRecovered,
    PerformanceDegraded,
    VerificationFailed,
    RollbackStarted,
    RollbackCompleted,
    RollbackFailed,
    AlertAcknowledged,
    SilenceCreated,
    SilenceExpired,
    DigestReady,
)
PRODUCES = (
    AlertSent,
    AlertFailed,
    AlertEscalated,
)


def handlers(context: ServiceContext) -> Handlers:
    from .wiring import build

    return build(context)


DEFINITION = ServiceDefinition(
    name="alerter",
    description="routes, groups and escalates alerts to Slack, email and webhooks.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8703,
)
