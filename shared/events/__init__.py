"""Flightdeck's event catalog: one envelope, a typed payload per event type, kebab-case names on the wire."""

from .catalog import EVENT_ADAPTER, EVENT_CLASSES, AnyEvent, EventError, describe, parse_event, union_of
from .deployment import (
    ApprovalGranted,
    ApprovalRequested,
    Artifact,
    CancelRequested,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
)
from .envelope import DeploymentEvent, Event, Payload, ServiceEvent, new_event_id
from .health import (
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthGateRequested,
    HealthRecovered,
    ProbeEvidence,
)
from .operations import AlertFailed, AlertSent, PlanApplied
from .rollback import RollbackCompleted, RollbackFailed, RollbackRequested, RollbackStarted
from .stage import (
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    StageFailed,
    StageStarted,
    StageSucceeded,
)
from .verification import VerificationFailed, VerificationPassed, VerificationRequested

__all__ = [
    "EVENT_ADAPTER", "EVENT_CLASSES", "AlertFailed", "AlertSent", "AnyEvent", "ApprovalGranted",
    "ApprovalRequested", "Artifact", "CancelRequested", "DeployRequested", "DeploymentCancelled",
    "DeploymentEvent", "DeploymentFailed", "DeploymentRolledBack", "DeploymentStarted", "DeploymentSucceeded",
    "Event", "EventError", "HealthDegraded", "HealthGateFailed", "HealthGatePassed", "HealthGateRequested",
    "HealthRecovered", "Payload", "PlanApplied", "ProbeEvidence", "RollbackCompleted", "RollbackFailed",
    "RollbackRequested", "RollbackStarted", "ServiceDeployFailed", "ServiceDeployStarted",
    "ServiceDeploySucceeded", "ServiceEvent", "StageFailed", "StageStarted", "StageSucceeded",
    "VerificationFailed", "VerificationPassed", "VerificationRequested", "describe", "new_event_id",
    "parse_event", "union_of",
]
