"""Deployments that went wrong, as the events the incident fold sees, and the fold as the adapter runs it."""

from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from services.rollback.domain.incident import Incident
from services.rollback.domain.incident_fold import apply, remember
from services.rollback.domain.timeline import TimelineEntry
from shared.events import (
    BakeStarted,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    Event,
    HealthDegraded,
    HealthGatePassed,
    Payload,
    RollbackCompleted,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events.deployment import (
    BakeStartedPayload,
    DeploymentFailedPayload,
    DeploymentRolledBackPayload,
    DeploymentStartedPayload,
)
from shared.events.health import HealthChangePayload, HealthGatePassedPayload
from shared.events.rollback import (
    RollbackOutcomePayload,
    RollbackRequestedPayload,
    RollbackStartedPayload,
    ServiceRollbackOutcome,
)
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
REASON = "health-degraded on api (error rate 12%)"
E = TypeVar("E", bound=Event)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ev(cls: type[E], seconds: float, payload: Payload, **envelope: Any) -> E:
    return cls(deployment_id="d-1", environment="prod", occurred_at=at(seconds), payload=payload, **envelope)


def fold(
    events: list[Event], incident: Incident | None = None
) -> tuple[Incident | None, list[TimelineEntry], list[str]]:
    """What the adapter does: apply each event; keep evidence until an incident opens; note what it announces."""
    evidence: list[TimelineEntry] = []
    notes: list[str] = []
    for event in events:
        incident, opened, resolved = apply(incident, evidence, event)
        if incident is None and (entry := remember(evidence, event)):
            evidence.append(entry)
        evidence = [] if opened else evidence
        notes += [f"opened by {event.type}"] * opened + [f"resolved by {event.type}"] * resolved
    return incident, evidence, notes


def bake_failure() -> list[Event]:
    """Degraded while baking; the rollback policy asks for a rollback; the coordinator carries it out."""
    return [
        ev(
            DeploymentStarted,
            0,
            DeploymentStartedPayload(versions={"api": "2.0", "web": "5.0"}, waves=[["api"], ["web"]]),
        ),
        ev(ServiceDeploySucceeded, 30, ServiceDeploySucceededPayload(version="2.0", duration_s=30), service="api"),
        ev(BakeStarted, 60, BakeStartedPayload(duration_s=300, until=at(360))),
        ev(
            HealthDegraded,
            100,
            HealthChangePayload(status="degraded", previous_status="healthy", error_rate=0.12),
            service="api",
        ),
        ev(
            RollbackRequested,
            130,
            RollbackRequestedPayload(
                reason=REASON,
                trigger="health",
                services=["api", "web"],
                reasons=["error rate 12% > 5% for 3 probes", "api is the root cause"],
            ),
        ),
        ev(DeploymentFailed, 131, DeploymentFailedPayload(reason=f"rollback requested by flightdeck: {REASON}")),
        ev(RollbackStarted, 131, RollbackStartedPayload(reason=REASON, waves=[["web"], ["api"]])),
        ev(ServiceDeployStarted, 132, ServiceDeployStartedPayload(version="1.9", step="rollback"), service="api"),
        ev(
            ServiceDeploySucceeded,
            160,
            ServiceDeploySucceededPayload(version="1.9", step="rollback", duration_s=28),
            service="api",
        ),
        ev(HealthGatePassed, 170, HealthGatePassedPayload(version="1.9", waited_s=10), service="api"),
        ev(
            RollbackCompleted,
            175,
            RollbackOutcomePayload(
                outcomes=[ServiceRollbackOutcome(service="api", restored_version="1.9", ok=True)], duration_s=44
            ),
        ),
        ev(DeploymentRolledBack, 175, DeploymentRolledBackPayload(reason=REASON, services={"api": "1.9"})),
    ]
