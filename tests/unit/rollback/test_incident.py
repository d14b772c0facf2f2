"""The incident fold: opened by a failure or a rollback request, timed from the earliest evidence, resolved by the
rollback's outcome (or closed by `settle` when no rollback came)."""

from services.rollback.domain.incident import mttr_s
from services.rollback.domain.incident_fold import SEEN_CAP, TIMELINE_CAP, TIMELINE_HEAD, apply, remember, settle
from shared.events import (
    DeploymentFailed,
    DeploymentPaused,
    DeploymentSucceeded,
    Event,
    HealthGateFailed,
    HealthGatePassed,
)
from shared.events.deployment import DeploymentFailedPayload, DeploymentSucceededPayload
from shared.events.health import HealthGateFailedPayload, HealthGatePassedPayload
from shared.events.recovery import DeploymentPausedPayload
from tests.unit.rollback.incident_stories import REASON, at, bake_failure, ev, fold


def test_a_rolled_back_deployment_is_timed_from_its_earliest_evidence() -> None:
    incident, _, notes = fold(bake_failure())
    assert incident is not None
    assert notes == ["opened by rollback-requested", "resolved by rollback-completed"]
    assert (incident.incident_id, incident.status, incident.outcome) == ("inc-d-1", "resolved", "rolled-back")
    assert (incident.began_at, incident.detected_at, incident.resolved_at) == (at(100), at(130), at(175))
    assert (incident.time_to_detect_s, incident.time_to_recover_s) == (30.0, 45.0)
    assert incident.decision == f"roll back api, web: {REASON}"
    assert incident.reasons == [REASON, "error rate 12% > 5% for 3 probes", "api is the root cause"]
    assert incident.services == ["api", "web"] and incident.trigger == "rollback-requested"
    assert [e.type for e in incident.timeline][:4] == [
        "deployment-started",
        "service-deploy-succeeded",
        "bake-started",
        "health-degraded",
    ]
    assert len(incident.timeline) == len(bake_failure())
    assert incident.timeline[3].summary == "api degraded (error rate 12.0%)"
    assert incident.timeline[-1].type == "deployment-rolled-back"
    assert incident.model_dump()["time_to_recover_s"] == 45.0  # stored with the record, for the dashboard


def test_the_same_event_twice_changes_nothing() -> None:
    events = bake_failure()
    incident, _, notes = fold(events + events)
    assert incident is not None and len(incident.timeline) == len(events)
    assert notes == ["opened by rollback-requested", "resolved by rollback-completed"]
    assert apply(incident, [], events[-1]) == (incident, False, False)
    early = remember([], events[0])
    assert early is not None and remember([early], events[0]) is None


def test_evidence_that_arrives_late_still_moves_began_at() -> None:
    incident, _, _ = fold(bake_failure()[4:])
    assert incident is not None and incident.began_at == at(130)
    late = ev(
        HealthGateFailed, 90, HealthGateFailedPayload(reason="503 from /health/ready", waited_s=30), service="web"
    )
    incident, opened, resolved = apply(incident, [], late)
    assert incident is not None and not opened and not resolved
    assert incident.began_at == at(90) and incident.time_to_detect_s == 40.0
    assert incident.timeline[0].summary == "health gate failed: web: 503 from /health/ready"


def test_the_timeline_keeps_its_head_and_latest_entries() -> None:
    events: list[Event] = [
        ev(DeploymentFailed, 0, DeploymentFailedPayload(reason="api: exit code 1", failed_services=["api"]))
    ]
    events += [
        ev(HealthGatePassed, 1 + i, HealthGatePassedPayload(waited_s=1), service=f"s{i}")
        for i in range(TIMELINE_CAP + 100)
    ]
    incident, _, _ = fold(events)
    assert incident is not None and len(incident.timeline) == TIMELINE_CAP
    assert incident.timeline_dropped == 101 and incident.timeline[0].type == "deployment-failed"
    assert incident.timeline[TIMELINE_HEAD - 1].service == f"s{TIMELINE_HEAD - 2}"
    assert incident.timeline[-1].service == f"s{TIMELINE_CAP + 99}"
    assert len(incident.seen) == len(events) <= SEEN_CAP


def test_mttr_averages_the_incidents_that_recovered() -> None:
    rolled_back, _, _ = fold(bake_failure())
    frozen, _, _ = fold([ev(DeploymentFailed, 5, DeploymentFailedPayload(reason="frozen"))])
    assert rolled_back is not None and frozen is not None
    paused, _, _ = fold(
        [
            ev(DeploymentFailed, 0, DeploymentFailedPayload(reason="x")),
            ev(DeploymentPaused, 0, DeploymentPausedPayload(reason="x")),
            ev(DeploymentSucceeded, 15, DeploymentSucceededPayload(duration_s=15)),
        ]
    )
    assert paused is not None
    assert mttr_s([rolled_back, settle(frozen)[0], paused]) == 30.0
    assert mttr_s([frozen]) is None and mttr_s([]) is None
