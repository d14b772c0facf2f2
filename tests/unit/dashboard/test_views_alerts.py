"""Silences folded from their events in either order, what was done about an alert, and the alerter's record
shown with it, as plain values."""

from datetime import UTC, datetime, timedelta

from services.dashboard.domain.alerts import (
    AlertActivity,
    alert_view,
    most_severe_first,
    project_activity,
    project_silence,
)
from shared.events import AlertAcknowledged, AlertEscalated, DeployRequested, SilenceCreated, SilenceExpired
from shared.events import alerting as a
from shared.events import deployment as d

AT = datetime(2026, 11, 1, tzinfo=UTC)
CREATED = SilenceCreated(
    occurred_at=AT,
    payload=a.SilenceCreatedPayload(
        silence_id="s1",
        matchers=[a.Matcher(label="environment", value="staging")],
        starts_at=AT,
        ends_at=AT + timedelta(hours=2),
        created_by="ana",
        comment="load test",
    ),
)
EXPIRED = SilenceExpired(occurred_at=AT + timedelta(hours=1), payload=a.SilenceExpiredPayload(silence_id="s1", by="bo"))


def test_a_silence_is_the_same_whichever_of_its_events_comes_first() -> None:
    in_order = project_silence(project_silence(None, CREATED), EXPIRED)
    reversed_ = project_silence(project_silence(None, EXPIRED), CREATED)
    assert in_order == reversed_ and in_order is not None
    assert (in_order.created_by, in_order.expired_by, in_order.comment) == ("ana", "bo", "load test")
    assert project_silence(in_order, EXPIRED) == in_order  # applied twice
    assert in_order.state(AT + timedelta(minutes=1)) == "ended"


def test_a_silence_is_pending_then_active_then_ended() -> None:
    view = project_silence(None, CREATED)
    assert view is not None
    assert [view.state(AT - timedelta(1)), view.state(AT), view.state(AT + timedelta(hours=3))] == [
        "pending",
        "active",
        "ended",
    ]
    other = DeployRequested(payload=d.DeployRequestedPayload(version="1.0"), deployment_id="d", environment="e")
    assert project_silence(view, other) is None


def ack(at: datetime, by: str) -> AlertAcknowledged:
    return AlertAcknowledged(occurred_at=at, payload=a.AlertAcknowledgedPayload(fingerprint="f1", by=by))


def escalated(at: datetime, level: int) -> AlertEscalated:
    payload = a.AlertEscalatedPayload(fingerprint="f1", level=level, channels=["pager"], severity="critical")
    return AlertEscalated(occurred_at=at, payload=payload)


def test_the_first_acknowledgement_and_the_highest_escalation_stand() -> None:
    activity = None
    for event in [escalated(AT, 2), ack(AT + timedelta(2), "late"), escalated(AT, 1), ack(AT + timedelta(1), "ana")]:
        activity = project_activity(activity, event)
    assert activity is not None and activity.acknowledged is not None
    assert (activity.acknowledged.by, activity.escalation_level, activity.escalated_to) == ("ana", 2, ["pager"])


RECORD = {
    "name": "deployment-failed",
    "severity": "critical",
    "environment": "production",
    "deployment_id": "d-7",
    "summary": "d-7 failed",
    "starts_at": AT.timestamp(),
    "status": "firing",
    "event_id": "e1",
}


def test_an_alert_shows_what_was_done_about_this_firing_only() -> None:
    earlier = project_activity(None, ack(AT - timedelta(hours=1), "ana"))
    assert earlier is not None
    view = alert_view("f1", RECORD, earlier)
    assert view is not None and view.acknowledged is None  # acknowledged an earlier firing of the same alert
    now = project_activity(earlier.model_copy(update={"acknowledged": None}), ack(AT + timedelta(1), "bo"))
    shown = alert_view("f1", RECORD, now)
    assert shown is not None and shown.acknowledged is not None and shown.acknowledged.by == "bo"
    assert shown.starts_at == AT and shown.severity == "critical"


def test_an_unreadable_record_is_left_out_and_the_most_severe_come_first() -> None:
    assert alert_view("f0", {"name": "x"}, None) is None
    warning = alert_view("f2", {**RECORD, "severity": "warning"}, AlertActivity(fingerprint="f2"))
    critical = alert_view("f1", RECORD, None)
    assert warning is not None and critical is not None
    assert [v.fingerprint for v in most_severe_first([warning, critical])] == ["f1", "f2"]
