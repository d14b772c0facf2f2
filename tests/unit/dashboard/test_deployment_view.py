"""A deployment's view, folded from its events as the read model sees them: the story, retries, a rollback with
its reasons, an incident, and the same view however often an event is applied."""

from datetime import UTC, datetime, timedelta
from functools import reduce
from typing import Any

from services.dashboard.domain.deployment import project
from services.dashboard.domain.views import DeploymentView
from shared.events import (
    BakeStarted,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    DeployRequested,
    Event,
    HealthGatePassed,
    HealthGateRequested,
    IncidentOpened,
    IncidentResolved,
    RollbackCompleted,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    VerificationPassed,
    VerificationRequested,
)
from shared.events import deployment as d
from shared.events import health as h
from shared.events import recovery as r
from shared.events import rollback as rb
from shared.events import stage as s
from shared.events import verification as v

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class Story:
    """Events of one deployment, one second apart."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, cls: type[Event], payload: Any, **envelope: Any) -> None:
        at = T0 + timedelta(seconds=len(self.events))
        self.events.append(cls(deployment_id="d-1", environment="staging", occurred_at=at, payload=payload, **envelope))

    def deploy(self, service: str, version: str, attempt: int = 1, ok: bool = True) -> None:
        started = s.ServiceDeployStartedPayload(version=version, previous_version="1.0", attempt=attempt)
        self.add(ServiceDeployStarted, started, service=service)
        if ok:
            self.add(
                ServiceDeploySucceeded,
                s.ServiceDeploySucceededPayload(version=version, duration_s=1.5),
                service=service,
            )
        else:
            failed = s.ServiceDeployFailedPayload(version=version, reason="exit 3", exit_code=3, duration_s=0.5)
            self.add(ServiceDeployFailed, failed, service=service)


def fold(events: list[Event]) -> DeploymentView:
    view = reduce(project, events, None)
    assert view is not None
    return view


def started() -> Story:
    story = Story()
    asked = d.DeployRequestedPayload(
        version="2.0", requested_by="ana", reason="ship it", commit_sha="abc123", ci_run_url="https://ci/1"
    )
    story.add(DeployRequested, asked)
    story.add(
        DeploymentStarted, d.DeploymentStartedPayload(waves=[["db"], ["api"]], versions={"db": "2.0", "api": "2.0"})
    )
    return story


def test_a_successful_deployment_reads_as_its_story() -> None:
    story = started()
    story.deploy("db", "2.0")
    story.add(HealthGateRequested, h.HealthGateRequestedPayload(timeout_s=30), service="db")
    story.add(HealthGatePassed, h.HealthGatePassedPayload(waited_s=2.0), service="db")
    story.deploy("api", "2.0")
    story.add(VerificationRequested, v.VerificationRequestedPayload())
    check = v.CheckResult(kind="smoke", name="home page", passed=True)
    story.add(VerificationPassed, v.VerificationResultPayload(results=[check], summary="1 of 1 passed"))
    story.add(BakeStarted, d.BakeStartedPayload(duration_s=60, until=T0 + timedelta(minutes=5)))
    story.add(DeploymentSucceeded, d.DeploymentSucceededPayload(duration_s=70))
    view = fold(story.events)
    assert (view.status, view.requested_by, view.reason, view.commit_sha) == ("succeeded", "ana", "ship it", "abc123")
    assert view.created_at == T0 and view.ended_at == story.events[-1].occurred_at
    assert view.waves == [["db"], ["api"]] and view.services["api"].wave == 1
    db = view.services["db"]
    assert (db.from_version, db.to_version) == ("1.0", "2.0")
    assert [(a.outcome, a.duration_s) for a in db.attempts] == [("succeeded", 1.5)]
    assert db.gate is not None and db.gate.outcome == "passed" and db.gate.waited_s == 2.0
    assert view.verification is not None and view.verification.status == "passed"
    assert view.verification.results == [check]
    assert view.who == {"ana"}


def test_a_retried_service_keeps_every_attempt() -> None:
    story = started()
    story.deploy("db", "2.0", attempt=1, ok=False)
    story.add(r.DeploymentPaused, r.DeploymentPausedPayload(reason="db failed", failed_services=["db"]))
    story.add(r.ResumeRequested, r.ResumeRequestedPayload(action="retry", requested_by="bo"))
    story.deploy("db", "2.0", attempt=2)
    view = fold(story.events)
    attempts = view.services["db"].attempts
    assert [(a.attempt, a.outcome, a.exit_code) for a in attempts] == [(1, "failed", 3), (2, "succeeded", None)]
    assert attempts[0].reason == "exit 3"
    assert view.status == "running" and view.pause is not None and view.pause.reason == "db failed"
    assert [said.by for said in view.resumes] == ["bo"] and view.who == {"ana", "bo"}


def rolled_back() -> Story:
    story = started()
    story.deploy("db", "2.0")
    story.deploy("api", "2.0", ok=False)
    reasons = ["api: deploy failed (exit 3)"]
    story.add(RollbackRequested, rb.RollbackRequestedPayload(reason="api failed", trigger="deploy", reasons=reasons))
    story.add(RollbackStarted, rb.RollbackStartedPayload(reason="api failed", waves=[["api"], ["db"]]))
    outcomes = [rb.ServiceRollbackOutcome(service="db", restored_version="1.0", ok=True)]
    story.add(RollbackCompleted, rb.RollbackOutcomePayload(outcomes=outcomes, duration_s=3.0))
    story.add(DeploymentRolledBack, d.DeploymentRolledBackPayload(reason="api failed", services={"db": "1.0"}))
    opened = r.IncidentOpenedPayload(
        incident_id="i-1", title="api failed", trigger="service-deploy-failed", detected_at=T0
    )
    story.add(IncidentOpened, opened)
    resolved = r.IncidentResolvedPayload(
        incident_id="i-1", outcome="rolled-back", time_to_detect_s=1, time_to_recover_s=9
    )
    story.add(IncidentResolved, resolved)
    return story


def test_a_rollback_keeps_its_decision_reasons_and_what_each_service_got_back() -> None:
    view = fold(rolled_back().events)
    assert view.status == "rolled-back" and view.failure == "api failed"
    assert view.rollback is not None
    assert (view.rollback.trigger, view.rollback.outcome, view.rollback.reasons) == (
        "deploy", "completed", ["api: deploy failed (exit 3)"]
    )  # fmt: skip
    assert view.services["db"].restored_version == "1.0" and view.services["db"].rollback_ok is True
    assert view.incident is not None and view.incident.outcome == "rolled-back"
    assert (view.incident.time_to_detect_s, view.incident.time_to_recover_s) == (1, 9)


def test_every_event_applied_twice_gives_the_same_view() -> None:
    events = rolled_back().events
    assert fold([e for event in events for e in (event, event)]) == fold(events)


def test_an_incident_resolved_before_its_opening_is_read_keeps_how_it_ended() -> None:
    events = rolled_back().events
    view = fold([*events[:-2], events[-1], events[-2]])
    assert view.incident is not None and view.incident.outcome == "rolled-back" and view.incident.title == "api failed"


def test_an_ended_deployment_keeps_its_end_against_a_late_step() -> None:
    story = started()
    story.add(DeploymentSucceeded, d.DeploymentSucceededPayload(duration_s=5))
    story.add(BakeStarted, d.BakeStartedPayload(duration_s=60, until=T0))  # a late copy
    assert fold(story.events).status == "succeeded"


def test_an_event_of_no_deployment_makes_no_view() -> None:
    drift = r.DriftDetected(
        service="api", environment="staging", payload=r.DriftDetectedPayload(desired_version="2", reported_version="1")
    )
    assert project(None, drift) is None
