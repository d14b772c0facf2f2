"""What the alerts and silence commands print (pure): times in words, the tables people read and their JSON."""

from datetime import UTC, datetime, timedelta

import pytest

from cli.alerting_text import (
    alerts_json,
    alerts_table,
    current_silences,
    relative,
    silences_json,
    silences_table,
    span,
)
from cli.records import load_record
from cli.silence_input import parse_matcher
from shared.events.alerting import SilenceCreatedPayload

NOW = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0s"), (42, "42s"), (300, "5m"), (3600, "1h"), (12000, "3h20m"), (180000, "2d2h")]
)
def test_spans(seconds: float, text: str) -> None:
    assert span(seconds) == text


def test_relative_times() -> None:
    assert relative(1000 - 300, 1000) == "5m ago"
    assert relative(1000 + 7200, 1000) == "in 2h"
    assert relative(1000, 1000) == "just now"


def test_unreadable_records_become_empty() -> None:
    assert load_record(b'{"by": "ana"}') == {"by": "ana"}
    assert load_record(b"not json") == {}
    assert load_record(b"[1, 2]") == {}
    assert load_record(None) == {}


def _alert(fingerprint: str, severity: str, starts_at: float, **extra: object) -> dict[str, object]:
    return {
        "fingerprint": fingerprint,
        "name": "deployment-failed",
        "severity": severity,
        "environment": "production",
        "summary": f"{fingerprint} broke",
        "starts_at": starts_at,
        **extra,
    }


def test_the_alerts_table_puts_the_most_severe_first_and_shows_who_acked() -> None:
    now = 10_000.0
    alerts: dict[str, dict[str, object]] = {
        "warn1": _alert("warn1", "warning", now - 60, service="web"),
        "crit1": _alert("crit1", "critical", now - 300, service="api", deployment_id="d-42"),
        "odd": {"summary": "half written"},
    }
    acks = {"crit1": {"by": "ana@laptop", "via": "cli", "at": now - 120}}
    lines = alerts_table(alerts, acks, now).splitlines()
    assert lines[0].split() == [
        "FINGERPRINT",
        "SEVERITY",
        "ENVIRONMENT",
        "SERVICE/DEPLOYMENT",
        "SUMMARY",
        "SINCE",
        "ACKED",
        "BY",
    ]
    assert lines[1].startswith("crit1") and "api / d-42" in lines[1] and "5m ago" in lines[1]
    assert "ana@laptop (2m ago)" in lines[1]
    assert lines[2].startswith("warn1") and "1m ago" in lines[2] and lines[2].endswith("-")
    assert lines[3].startswith("odd") and "half written" in lines[3]
    assert lines[-1] == "3 active alert(s)"


def test_no_alerts_says_so() -> None:
    assert alerts_table({}, {}, 0) == "no active alerts"


def test_alerts_json_carries_the_acknowledgement() -> None:
    listed = alerts_json({"a": _alert("a", "info", 1, services=["api", "web"])}, {"a": {"by": "ana"}})
    assert listed == [{**_alert("a", "info", 1, services=["api", "web"]), "acknowledged": {"by": "ana"}}]


def _silence(silence_id: str, starts: timedelta, ends: timedelta) -> SilenceCreatedPayload:
    return SilenceCreatedPayload(
        silence_id=silence_id,
        matchers=[parse_matcher("environment=production"), parse_matcher("service=~api|web")],
        starts_at=NOW + starts,
        ends_at=NOW + ends,
        created_by="ana",
        comment="maintenance",
    )


def test_silences_table_shows_active_and_pending_not_ended() -> None:
    silences = [
        _silence("pending", timedelta(hours=1), timedelta(hours=3)),
        _silence("active", -timedelta(minutes=10), timedelta(hours=2)),
        _silence("ended", -timedelta(hours=2), -timedelta(minutes=1)),
    ]
    assert [s.silence_id for s in current_silences(silences, NOW)] == ["active", "pending"]
    lines = silences_table(silences, NOW).splitlines()
    assert lines[0].split() == ["ID", "STATE", "MATCHERS", "STARTS", "ENDS", "BY", "COMMENT"]
    assert lines[1].split()[:2] == ["active", "active"]
    assert 'environment="production" service=~"api|web"' in lines[1]
    assert "10m ago" in lines[1] and "in 2h" in lines[1]
    assert lines[2].split()[:2] == ["pending", "pending"] and "in 1h" in lines[2] and "in 3h" in lines[2]
    assert lines[-1] == "2 silence(s)"
    assert silences_table(silences[2:], NOW) == "no active or pending silences"


def test_silences_json() -> None:
    (listed,) = silences_json([_silence("x", -timedelta(minutes=1), timedelta(minutes=1))], NOW)
    assert listed["state"] == "active" and listed["silence_id"] == "x"
    assert listed["matchers"][1] == {"label": "service", "op": "=~", "value": "api|web"}
