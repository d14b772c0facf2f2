"""An incident with no rollback to wait for: closed by `settle` when none came, resolved as such when the rollback
fails, kept open while a person decides."""

from services.rollback.domain.incident_fold import settle
from shared.events import (
    DeploymentFailed,
    DeploymentPaused,
    DeploymentSucceeded,
    HealthGateFailed,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
)
from shared.events.deployment import DeploymentFailedPayload, DeploymentSucceededPayload
from shared.events.health import HealthGateFailedPayload
from shared.events.recovery import DeploymentPausedPayload
from shared.events.rollback import (
    RollbackOutcomePayload,
    RollbackRequestedPayload,
    RollbackStartedPayload,
    ServiceRollbackOutcome,
)
from shared.events.stage import ServiceDeployFailedPayload
from tests.unit.rollback.incident_stories import at, ev, fold


def test_a_frozen_deployment_closes_once_no_rollback_came() -> None:
    incident, _, notes = fold(
        [
            ev(
                ServiceDeployFailed,
                10,
                ServiceDeployFailedPayload(version="2.0", reason="exit code 1", exit_code=1),
                service="api",
            ),
            ev(DeploymentFailed, 12, DeploymentFailedPayload(reason="api: exit code 1", failed_services=["api"])),
        ]
    )
    assert incident is not None and notes == ["opened by deployment-failed"]
    assert incident.status == "open" and incident.failed_at == at(12) and incident.time_to_detect_s == 2.0
    assert incident.timeline[0].summary == "service deploy failed: api 2.0 (deploy): exit code 1"
    closed, resolved = settle(incident)
    assert resolved and (closed.status, closed.outcome, closed.resolved_at) == ("resolved", "closed", at(12))
    assert closed.time_to_recover_s is None and closed.reasons == ["api: exit code 1"]
    assert closed.decision == "no rollback: left as it failed"
    assert settle(closed) == (closed, False)


def test_a_failed_rollback_resolves_as_such_and_does_not_settle_before() -> None:
    incident, _, notes = fold(
        [
            ev(HealthGateFailed, 50, HealthGateFailedPayload(reason="timed out", waited_s=60), service="api"),
            ev(
                DeploymentFailed,
                52,
                DeploymentFailedPayload(reason="api: health gate timed out", failed_services=["api"]),
            ),
            ev(
                RollbackRequested,
                52,
                RollbackRequestedPayload(reason="api: health gate timed out", trigger="gate", services=["api"]),
            ),
            ev(RollbackStarted, 52, RollbackStartedPayload(reason="api: health gate timed out", waves=[["api"]])),
        ]
    )
    assert incident is not None and incident.failed_at is None and settle(incident) == (incident, False)
    incident, _, notes = fold(
        [
            ev(
                RollbackFailed,
                90,
                RollbackOutcomePayload(
                    outcomes=[ServiceRollbackOutcome(service="api", ok=False, detail="no earlier version to return to")]
                ),
            )
        ],
        incident,
    )
    assert incident is not None and notes == ["resolved by rollback-failed"]
    assert (incident.outcome, incident.resolved_at, incident.time_to_recover_s) == ("rollback-failed", at(90), None)
    assert incident.time_to_detect_s == 2.0 and incident.decision == "roll back api: api: health gate timed out"
    assert incident.timeline[-1].summary == "rollback failed: api not restored: no earlier version to return to"


def test_a_paused_deployment_stays_open_until_it_recovers() -> None:
    incident, _, _ = fold(
        [
            ev(DeploymentFailed, 20, DeploymentFailedPayload(reason="worker: exit code 2", failed_services=["worker"])),
            ev(DeploymentPaused, 20, DeploymentPausedPayload(reason="worker: exit code 2", failed_services=["worker"])),
        ]
    )
    assert incident is not None and settle(incident) == (incident, False)
    assert incident.decision == "pause for a person: worker: exit code 2"
    incident, _, notes = fold([ev(DeploymentSucceeded, 80, DeploymentSucceededPayload(duration_s=80))], incident)
    assert incident is not None and notes == ["resolved by deployment-succeeded"]
    assert (incident.outcome, incident.time_to_recover_s) == ("recovered", 60.0)
