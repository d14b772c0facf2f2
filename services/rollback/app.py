"""The rollback service's declaration: what it consumes and produces, and its handlers."""

from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import (
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    HealthDegraded,
    HealthGateFailed,
    PlanApplied,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
    VerificationFailed,
    VerificationPassed,
    VerificationRequested,
)
from shared.runtime import ServiceContext, ServiceDefinition
from shared.runtime.thin import noting_handlers

CONSUMES = (
    DeploymentStarted,
    DeploymentSucceeded,
    ServiceDeployFailed,
    HealthGateFailed,
    HealthDegraded,
    VerificationRequested,
    VerificationFailed,
    RollbackRequested,
    PlanApplied,
)
PRODUCES = (
    RollbackRequested,
    RollbackStarted,
    RollbackCompleted,
    RollbackFailed,
    VerificationPassed,
    VerificationFailed,
    DeploymentRolledBack,
)


def handlers(context: ServiceContext) -> Mapping[str, Handler]:
    return noting_handlers(DEFINITION, context)


DEFINITION = ServiceDefinition(
    name="rollback",
    description="decides and carries out rollbacks, verification and recovery.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8704,
)
