"""The alerter service's declaration: what it consumes and produces, and its handlers."""

from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import (
    AlertFailed,
    AlertSent,
    ApprovalRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    HealthDegraded,
    HealthGateFailed,
    HealthRecovered,
    PlanApplied,
    RollbackCompleted,
    RollbackFailed,
    RollbackStarted,
    ServiceDeployFailed,
    StageFailed,
    VerificationFailed,
)
from shared.runtime import ServiceContext, ServiceDefinition
from shared.runtime.thin import noting_handlers

CONSUMES = (
    DeploymentStarted,
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    ApprovalRequested,
    StageFailed,
    ServiceDeployFailed,
    HealthGateFailed,
    HealthDegraded,
    HealthRecovered,
    VerificationFailed,
    RollbackStarted,
    RollbackCompleted,
    RollbackFailed,
    PlanApplied,
)
PRODUCES = (
    AlertSent,
    AlertFailed,
)


def handlers(context: ServiceContext) -> Mapping[str, Handler]:
    return noting_handlers(DEFINITION, context)


DEFINITION = ServiceDefinition(
    name="alerter",
    description="routes, groups and escalates alerts to Slack, email and webhooks.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8703,
)
