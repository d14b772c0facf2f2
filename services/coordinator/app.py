"""The coordinator service's declaration: what it consumes and produces, and its handlers."""

from shared.bus.handlers import Handlers
from shared.events import (
    ApprovalGranted,
    ApprovalRequested,
    BakeStarted,
    CancelRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentQueued,
    DeploymentRecorded,
    DeploymentRejected,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    DeployRequestRefused,
    DeployRequestRepeated,
    HealthGateFailed,
    HealthGatePassed,
    HealthGateRequested,
    ResumeRequested,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    StageFailed,
    StageStarted,
    StageSucceeded,
    VerificationFailed,
    VerificationPassed,
    VerificationRequested,
)
from shared.runtime import ServiceContext, ServiceDefinition

from . import wiring

CONSUMES = (
    DeployRequested,
    DeploymentRecorded,
    CancelRequested,
    ApprovalGranted,
    ServiceDeploySucceeded,
    ServiceDeployFailed,
    HealthGatePassed,
    HealthGateFailed,
    VerificationPassed,
    VerificationFailed,
    RollbackRequested,
    ResumeRequested,
)
PRODUCES = (
    DeploymentQueued,
    DeploymentRejected,
    DeployRequestRefused,
    DeployRequestRepeated,
    DeploymentStarted,
    BakeStarted,
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    ApprovalRequested,
    StageStarted,
    StageSucceeded,
    StageFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    ServiceDeployFailed,
    HealthGateRequested,
    VerificationRequested,
    RollbackRequested,
    RollbackStarted,
    RollbackCompleted,
    RollbackFailed,
    DeploymentPaused,
)


def handlers(context: ServiceContext) -> Handlers:
    return wiring.build(context)


DEFINITION = ServiceDefinition(
    name="coordinator",
    description="turns deploy requests into dependency-ordered, health-gated deployments.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8701,
)
