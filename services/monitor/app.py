"""The monitor service's declaration: what it consumes and produces, and its handlers."""

from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
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
    PerformanceDegraded,
)
from shared.runtime import ServiceContext, ServiceDefinition

from . import wiring

CONSUMES = (
    HealthGateRequested,
    DeploymentStarted,
    BakeStarted,
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
)
PRODUCES = (
    PerformanceDegraded,
    HealthGatePassed,
    HealthGateFailed,
    HealthDegraded,
    HealthRecovered,
)


def handlers(context: ServiceContext) -> Handlers:
    return wiring.build(context)


DEFINITION = ServiceDefinition(
    name="monitor",
    description="probes health endpoints, answers health gates and reports degradation and recovery.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8702,
)
