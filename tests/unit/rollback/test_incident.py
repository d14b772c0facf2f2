"""The incident fold: opened by a failure or a rollback request, timed from the earliest evidence, resolved by the
rollback's outcome (or closed by `settle` when no rollback came)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from services.rollback.domain.incident import Incident, mttr_s
from services.rollback.domain.incident_fold import SEEN_CAP, TIMELINE_CAP, TIMELINE_HEAD, apply, remember, settle
from services.rollback.domain.timeline import TimelineEntry
from shared.events import (
    BakeStarted,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    Event,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
REASON = "health-degraded on api (error rate 12%)"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def ev(cls: type[Event], seconds: float, payload: dict[str, Any], **envelope: Any) -> Event:
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
        ev(DeploymentStarted, 0, {"versions": {"api": "2.0", "web": "5.0"}, "waves": [["api"], ["web"]]}),
        ev(ServiceDeploySucceeded, 30, {"version": "2.0", "duration_s": 30}, service="api"),
        ev(BakeStarted, 60, {"duration_s": 300, "until": at(360)}),
        ev(
            HealthDegraded, 100, {"status": "degraded", "previous_status": "healthy", "error_rate": 0.12}, service="api"
        ),
        ev(
            RollbackRequested,
            130,
            {
                "reason": REASON,
                "trigger": "health",
                "services": ["api", "web"],
                "reasons": ["error rate 12% > 5% for 3 probes", "api is the root cause"],
            },
        ),
        ev(DeploymentFailed, 131, {"reason": f"rollback requested by flightdeck: {REASON}"}),
        ev(RollbackStarted, 131, {"reason": REASON, "waves": [["web"], ["api"]]}),
        ev(ServiceDeployStarted, 132, {"version": "1.9", "step": "rollback"}, service="api"),
        ev(ServiceDeploySucceeded, 160, {"version": "1.9", "step": "rollback", "duration_s": 28}, service="api"),
        ev(HealthGatePassed, 170, {"version": "1.9", "waited_s": 10}, service="api"),
        ev(
            RollbackCompleted,
            175,
            {"outcomes": [{"service": "api", "restored_version": "1.9", "ok": True}], "duration_s": 44},
        ),
        ev(DeploymentRolledBack, 175, {"reason": REASON, "services": {"api": "1.9"}}),
    ]


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
    late = ev(HealthGateFailed, 90, {"reason": "503 from /health/ready", "waited_s": 30}, service="web")
    incident, opened, resolved = apply(incident, [], late)
    assert incident is not None and not opened and not resolved
    assert incident.began_at == at(90) and incident.time_to_detect_s == 40.0
    assert incident.timeline[0].summary == "health gate failed: web: 503 from /health/ready"


def test_a_frozen_deployment_closes_once_no_rollback_came() -> None:
    incident, _, notes = fold(
        [
            ev(ServiceDeployFailed, 10, {"version": "2.0", "reason": "exit code 1", "exit_code": 1}, service="api"),
            ev(DeploymentFailed, 12, {"reason": "api: exit code 1", "failed_services": ["api"]}),
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
            ev(HealthGateFailed, 50, {"reason": "timed out", "waited_s": 60}, service="api"),
            ev(DeploymentFailed, 52, {"reason": "api: health gate timed out", "failed_services": ["api"]}),
            ev(RollbackRequested, 52, {"reason": "api: health gate timed out", "trigger": "gate", "services": ["api"]}),
            ev(RollbackStarted, 52, {"reason": "api: health gate timed out", "waves": [["api"]]}),
        ]
    )
    assert incident is not None and incident.failed_at is None and settle(incident) == (incident, False)
    incident, _, notes = fold(
        [
            ev(
                RollbackFailed,
                90,
                {"outcomes": [{"service": "api", "ok": False, "detail": "no earlier version to return to"}]},
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
            ev(DeploymentFailed, 20, {"reason": "worker: exit code 2", "failed_services": ["worker"]}),
            ev(DeploymentPaused, 20, {"reason": "worker: exit code 2", "failed_services": ["worker"]}),
        ]
    )
    assert incident is not None and settle(incident) == (incident, False)
    assert incident.decision == "pause for a person: worker: exit code 2"
    incident, _, notes = fold([ev(DeploymentSucceeded, 80, {"duration_s": 80})], incident)
    assert incident is not None and notes == ["resolved by deployment-succeeded"]
    assert (incident.outcome, incident.time_to_recover_s) == ("recovered", 60.0)


def test_the_timeline_keeps_its_head_and_latest_entries() -> None:
    events = [ev(DeploymentFailed, 0, {"reason": "api: exit code 1", "failed_services": ["api"]})]
    events += [ev(HealthGatePassed, 1 + i, {"waited_s": 1}, service=f"s{i}") for i in range(TIMELINE_CAP + 100)]
    incident, _, _ = fold(events)
    assert incident is not None and len(incident.timeline) == TIMELINE_CAP
    assert incident.timeline_dropped == 101 and incident.timeline[0].type == "deployment-failed"
    assert incident.timeline[TIMELINE_HEAD - 1].service == f"s{TIMELINE_HEAD - 2}"
    assert incident.timeline[-1].service == f"s{TIMELINE_CAP + 99}"
    assert len(incident.seen) == len(events) <= SEEN_CAP


def test_mttr_averages_the_incidents_that_recovered() -> None:
    rolled_back, _, _ = fold(bake_failure())
    frozen, _, _ = fold([ev(DeploymentFailed, 5, {"reason": "frozen"})])
    assert rolled_back is not None and frozen is not None
    paused, _, _ = fold(
        [
            ev(DeploymentFailed, 0, {"reason": "x"}),
            ev(DeploymentPaused, 0, {"reason": "x"}),
            ev(DeploymentSucceeded, 15, {"duration_s": 15}),
        ]
    )
    assert paused is not None
    assert mttr_s([rolled_back, settle(frozen)[0], paused]) == 30.0
    assert mttr_s([frozen]) is None and mttr_s([]) is None
