"""The rollback service's declaration: what it consumes and produces, and its handlers."""

from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRecorded,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    DriftDetected,
    Event,
    HealthDegraded,
    HealthGatePassed,
    HealthRecovered,
    IncidentOpened,
    IncidentResolved,
    PerformanceDegraded,
    RestartAttempted,
    RestartLimitReached,
    RollbackFailed,
    RollbackRequested,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    VerificationFailed,
    VerificationPassed,
    VerificationRequested,
)
from shared.runtime import ServiceContext, ServiceDefinition

from .incident_inputs import INCIDENT_EVENTS

CONSUMES: tuple[type[Event], ...] = tuple(
    dict.fromkeys(
        (
            DeploymentStarted,
            ServiceDeployStarted,
            ServiceDeploySucceeded,
            HealthGatePassed,
            BakeStarted,
            DeploymentSucceeded,
            DeploymentFailed,
            DeploymentCancelled,
            DeploymentRolledBack,
            DeploymentRecorded,
            RollbackFailed,
            HealthDegraded,
            HealthRecovered,
            PerformanceDegraded,
            VerificationRequested,
            *INCIDENT_EVENTS,
        )
    )
)
PRODUCES = (
    RollbackRequested,
    DriftDetected,
    DeployRequested,
    RestartAttempted,
    RestartLimitReached,
    IncidentOpened,
    IncidentResolved,
    VerificationPassed,
    VerificationFailed,
)


def handlers(context: ServiceContext) -> Handlers:
    from .wiring import build

    return build(context)


DEFINITION = ServiceDefinition(
    name="rollback",
    description="decides rollbacks (policy and canary judge), restarts unhealthy services, corrects drift and "
    "keeps incidents, and verifies new versions (smoke, performance, security, integration).",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8704,
    order_by_environment=True,  # the policy joins a deployment's events with health events of its environment
)
