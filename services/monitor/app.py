"""The monitor service's declaration: what it consumes and produces, and its handlers."""

from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import (
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthGateRequested,
    HealthRecovered,
    PlanApplied,
    ServiceDeploySucceeded,
)
from shared.runtime import ServiceContext, ServiceDefinition
from shared.runtime.thin import noting_handlers

CONSUMES = (
    DeploymentStarted,
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    ServiceDeploySucceeded,
    HealthGateRequested,
    PlanApplied,
)
PRODUCES = (
    HealthGatePassed,
    HealthGateFailed,
    HealthDegraded,
    HealthRecovered,
)


def handlers(context: ServiceContext) -> Mapping[str, Handler]:
    return noting_handlers(DEFINITION, context)


DEFINITION = ServiceDefinition(
    name="monitor",
    description="probes health endpoints, answers health gates and reports degradation and recovery.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8702,
)
