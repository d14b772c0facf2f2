"""The Alerts page's decisions with plain values: alerts in the alerter's groups with the silence muting each, what
a silence would mute, each line's words and buttons, and the silences by state."""

from datetime import UTC, datetime, timedelta

from services.dashboard.domain.alert_board import board, would_mute
from services.dashboard.domain.alerts import Acknowledgement, AlertView, SilenceView
from services.dashboard.domain.roles import Principal
from services.dashboard.pages.alerts_view import acts_in, alert_groups, matcher_text, silence_parts
from shared.events.alerting import Matcher

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
DEPLOYER = Principal(name="dee", role="deployer", environments=("staging",))
VIEWER = Principal(name="vi", role="viewer")


def alert(fp: str, environment: str, service: str, severity: str = "critical", minutes: int = 1) -> AlertView:
    return AlertView.model_validate(
        {
            "fingerprint": fp,
            "name": "health-degraded",
            "severity": severity,
            "environment": environment,
            "service": service,
            "deployment_id": f"d-{environment}",
            "summary": f"{service} down",
            "starts_at": NOW - timedelta(minutes=minutes),
        }
    )


def silence(sid: str, *matchers: Matcher, starts: int = -10, ends: int = 60, expired: bool = False) -> SilenceView:
    return SilenceView(
        silence_id=sid,
        matchers=list(matchers),
        starts_at=NOW + timedelta(minutes=starts),
        ends_at=NOW + timedelta(minutes=ends),
        created_by="dee",
        expired_by="dee" if expired else None,
        expired_at=NOW if expired else None,
    )


ALERTS = [
    alert("a", "staging", "api", "warning"),
    alert("b", "production", "api"),
    alert("c", "staging", "web", minutes=5),
]


def test_alerts_join_one_group_per_group_by_value_most_severe_first() -> None:
    shown = board(ALERTS, [], ["environment", "deployment_id"], NOW)
    assert [(g.labels, g.severity, [a.fingerprint for a in g.alerts]) for g in shown.groups] == [
        ({"environment": "production", "deployment_id": "d-production"}, "critical", ["b"]),
        ({"environment": "staging", "deployment_id": "d-staging"}, "critical", ["c", "a"]),
    ]
    assert [len(g.alerts) for g in board(ALERTS, [], ["service"], NOW).groups] == [2, 1]


def test_only_an_active_silence_mutes_and_the_preview_matches_as_the_alerter_does() -> None:
    api = Matcher(label="service", value="api")
    staging = Matcher(label="environment", value="staging")
    silences = [silence("s-later", staging, starts=5), silence("s-gone", staging, expired=True), silence("s-1", api)]
    muted = {
        a.fingerprint: a.silenced_by for g in board(ALERTS, silences, ["environment"], NOW).groups for a in g.alerts
    }
    assert muted == {"a": "s-1", "b": "s-1", "c": None}
    assert [a.fingerprint for a in would_mute([staging, api], ALERTS)] == ["a"]
    assert [a.fingerprint for a in would_mute([Matcher(label="service", op="=~", value="a.*|w")], ALERTS)] == ["a", "b"]
    assert [a.fingerprint for a in would_mute([Matcher(label="environment", op="!=", value="staging")], ALERTS)] == [
        "b"
    ]


def test_an_alert_line_says_since_when_who_acknowledged_and_who_may_acknowledge() -> None:
    acked = ALERTS[0].model_copy(update={"acknowledged": Acknowledgement(by="ana", at=NOW, comment="on it")})
    shown = board([acked, *ALERTS[1:]], [], ["environment"], NOW)
    rows = {r.fingerprint: r for g in alert_groups(shown, DEPLOYER) for r in g.rows}
    assert (
        rows["a"].state == "acknowledged"
        and rows["a"].acknowledged == "Acknowledged by ana at 2026-12-01 12:00:00 UTC: on it"
    )
    assert rows["c"].since_text == "since 2026-12-01 11:55:00 UTC" and rows["c"].state == "firing"
    assert [rows[fp].may_ack for fp in "abc"] == [False, False, True]  # acknowledged; production; staging
    assert not any(r.may_ack for g in alert_groups(shown, VIEWER) for r in g.rows)
    escalated = board([ALERTS[1].model_copy(update={"escalation_level": 2, "escalated_to": ["pager"]})], [], [], NOW)
    (row,) = alert_groups(escalated, DEPLOYER)[0].rows
    assert (row.escalated, alert_groups(escalated, DEPLOYER)[0].title) == (
        "Escalated to level 2: pager",
        "everything else",
    )
    assert (acts_in(DEPLOYER), acts_in(VIEWER), acts_in(None)) == ("staging", "", "")


def test_silences_by_state_and_only_those_in_reach_may_be_expired() -> None:
    staging = Matcher(label="environment", value="staging")
    everywhere = Matcher(label="service", op="=~", value="api|web")
    silences = [
        silence("s-1", staging),
        silence("s-2", everywhere),
        silence("s-3", staging, starts=5),
        silence("s-4", staging, expired=True),
    ]
    parts = {p.key: [(r.id, r.may_expire) for r in p.rows] for p in silence_parts(silences, DEPLOYER, NOW)}
    assert parts == {"active": [("s-1", True), ("s-2", False)], "pending": [("s-3", True)], "expired": [("s-4", False)]}
    (expired,) = silence_parts(silences, DEPLOYER, NOW)[2].rows
    assert expired.ended == "Expired by dee at 2026-12-01 12:00:00 UTC"


def test_a_matcher_is_written_as_typed_quoted_only_when_it_must_be() -> None:
    assert matcher_text(Matcher(label="service", op="=~", value="api|web")) == "service=~api|web"
    assert matcher_text(Matcher(label="service", value='a "b"')) == 'service="a \\"b\\""'
    assert matcher_text(Matcher(label="service", op="!=", value="")) == 'service!=""'
