"""`flightdeck alerts` against a real Redis: what ack publishes and what list shows (silences: test_cli_silence)."""

import json
import time

import pytest
import redis

from services.alerter.domain.alert import Alert
from shared.events import AlertAcknowledged
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.integration.cli_alerts_support import cli, client_fixture, published  # noqa: F401 (a fixture)


@pytest.fixture
def active(client: redis.Redis) -> str:
    """An active alert, abc123, as the alerter keeps it."""
    _seed_alert(
        client,
        "flightdeck",
        Alert(
            fingerprint="abc123",
            name="deployment-failed",
            severity="critical",
            environment="production",
            summary="api deploy failed",
            starts_at=time.time(),
            event_id="e0",
        ),
    )
    return "abc123"


def test_ack_publishes_alert_acknowledged(client: redis.Redis, active: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("alerts", "ack", "abc123", "--by", "ana@example.com", "--comment", "rolling back") == 0
    (event,) = published(client)
    assert isinstance(event, AlertAcknowledged) and event.producer == "cli"
    assert event.payload.fingerprint == "abc123" and event.payload.by == "ana@example.com"
    assert event.payload.via == "cli" and event.payload.comment == "rolling back"
    out = capsys.readouterr()
    assert "acknowledged alert abc123 as ana@example.com" in out.out and out.err == ""


def test_ack_defaults_by_to_user_at_host(client: redis.Redis, active: str) -> None:
    assert cli("alerts", "ack", "abc123") == 0
    (event,) = published(client)
    assert isinstance(event, AlertAcknowledged) and event.payload.by.startswith("ana@")


def test_ack_is_also_a_command_of_its_own(client: redis.Redis, active: str) -> None:
    assert cli("ack", "abc123", "--by", "ana") == 0
    (event,) = published(client)
    assert isinstance(event, AlertAcknowledged) and event.payload.fingerprint == "abc123"


def test_ack_of_a_bad_fingerprint_publishes_nothing(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("alerts", "ack", "not/a/fingerprint") == 2
    assert "fingerprint" in capsys.readouterr().err
    assert published(client) == []


def _seed_alert(client: redis.Redis, prefix: str, alert: Alert) -> None:
    client.hset(AlerterKeys.of(Keys(prefix)).alerts, alert.fingerprint, alert.model_dump_json())


def test_alerts_list_shows_active_alerts_and_acks(
    client: redis.Redis, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLIGHTDECK_STREAM_PREFIX", "team1")
    assert cli("alerts", "list") == 0
    assert capsys.readouterr().out.strip() == "no active alerts"

    now = time.time()
    _seed_alert(
        client,
        "team1",
        Alert(
            fingerprint="f1",
            name="deployment-failed",
            severity="critical",
            environment="production",
            service="api",
            deployment_id="d-7",
            summary="api deploy failed",
            starts_at=now - 600,
            event_id="e1",
        ),
    )
    _seed_alert(
        client,
        "team1",
        Alert(
            fingerprint="f2",
            name="health-degraded",
            severity="warning",
            environment="staging",
            service="web",
            summary="web is slow",
            starts_at=now - 30,
            event_id="e2",
        ),
    )
    client.hset(AlerterKeys.of(Keys("team1")).acks, "f1", json.dumps({"by": "ana", "via": "link", "at": now - 60}))
    client.hset(AlerterKeys.of(Keys()).alerts, "other", json.dumps({"summary": "another prefix"}))

    assert cli("alerts", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("FINGERPRINT")
    assert lines[1].split()[:5] == ["f1", "critical", "production", "api", "/"]
    assert "api deploy failed" in lines[1] and "10m ago" in lines[1] and "ana (1m ago)" in lines[1]
    assert lines[2].split()[:4] == ["f2", "warning", "staging", "web"] and "web is slow" in lines[2]
    assert lines[-1] == "2 active alert(s)"

    assert cli("alerts", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["fingerprint"] for a in listed] == ["f1", "f2"]
    assert listed[0]["acknowledged"]["by"] == "ana" and listed[1]["acknowledged"] is None


def test_an_unreachable_redis_is_a_clear_failure(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert cli("alerts", "list") == 4
    assert "cannot reach Redis at REDIS_URL=redis://127.0.0.1:1/0" in capsys.readouterr().err
