"""What an event, or a settling come due, does to an incident and its evidence: the update the adapter writes."""

from services.rollback.domain.incident_update import IncidentUpdate, settled, update_for
from services.rollback.domain.timeline import entry_for
from shared.events import DeploymentFailed, DeploymentPaused, DeploymentStarted, DeploymentSucceeded, HealthDegraded
from shared.events.deployment import DeploymentFailedPayload, DeploymentStartedPayload, DeploymentSucceededPayload
from shared.events.health import HealthChangePayload
from shared.events.recovery import DeploymentPausedPayload
from tests.unit.rollback.incident_stories import at, ev, fold

STARTED = ev(DeploymentStarted, 0, DeploymentStartedPayload(versions={"api": "2.0"}, waves=[["api"]]))
FAILED = ev(DeploymentFailed, 12, DeploymentFailedPayload(reason="api: exit code 1", failed_services=["api"]))
DEGRADED = ev(HealthDegraded, 5, HealthChangePayload(status="degraded", previous_status="healthy"), service="api")


def test_before_an_incident_opens_the_event_is_kept_as_evidence_once() -> None:
    assert update_for(None, [], STARTED, late=False) == IncidentUpdate(evidence=entry_for(STARTED))
    assert update_for(None, [entry_for(STARTED)], STARTED, late=False) is None


def test_an_opener_opens_the_incident_with_the_evidence_kept() -> None:
    update = update_for(None, [entry_for(STARTED)], FAILED, late=False)
    assert update is not None and update.opened and not update.resolved and update.incident is not None
    assert [e.type for e in update.incident.timeline] == ["deployment-started", "deployment-failed"]


def test_a_success_with_no_incident_forgets_the_evidence() -> None:
    succeeded = ev(DeploymentSucceeded, 30, DeploymentSucceededPayload(duration_s=30))
    assert update_for(None, [entry_for(STARTED)], succeeded, late=False) == IncidentUpdate(forget=True)
    assert update_for(None, [], succeeded, late=False) is None


def test_a_late_health_signal_only_joins_an_incident_still_open() -> None:
    assert update_for(None, [], DEGRADED, late=True) is None
    incident, _, _ = fold([FAILED])
    update = update_for(incident, [], DEGRADED, late=True)
    assert update is not None and update.incident is not None and len(update.incident.timeline) == 2


def test_an_event_already_folded_in_changes_nothing() -> None:
    incident, _, _ = fold([FAILED])
    assert update_for(incident, [], FAILED, late=False) is None


def test_a_failure_come_due_is_settled_if_it_still_stands() -> None:
    incident, _, _ = fold([FAILED])
    assert incident is not None
    update = settled(incident, at(12))
    assert update is not None and update.resolved and update.incident is not None
    assert update.incident.outcome == "closed"
    assert settled(incident, None) == update, "an entry that names no failure settles the one that stands"


def test_a_failure_paused_then_failed_again_is_not_settled_by_the_earlier_entry() -> None:
    incident, _, _ = fold(
        [
            FAILED,
            ev(DeploymentPaused, 13, DeploymentPausedPayload(reason="api: exit code 1")),
            ev(DeploymentFailed, 40, DeploymentFailedPayload(reason="cancelled by ana")),
        ]
    )
    assert incident is not None and incident.failed_at == at(40)
    assert settled(incident, at(12)) is None
    assert settled(incident, at(40)) is not None


def test_nothing_to_settle_once_resolved_or_rolling_back() -> None:
    incident, _, _ = fold([FAILED])
    assert incident is not None
    closed = settled(incident, at(12))
    assert closed is not None and closed.incident is not None
    assert settled(closed.incident, at(12)) is None
    assert settled(None, at(12)) is None
