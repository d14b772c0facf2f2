"""`flightdeck alerts` and `flightdeck silence` against a real Redis: what they publish and what they list."""

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis

from cli.main import main
from services.alerter.domain.alert import Alert
from shared.events import AlertAcknowledged, Event, Matcher, SilenceCreated, SilenceExpired, parse_event
from shared.events.alerting import SilenceCreatedPayload
from shared.streams import Keys


@pytest.fixture
def client(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delenv("FLIGHTDECK_STREAM_PREFIX", raising=False)
    monkeypatch.setenv("USER", "ana")
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def _cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def _published(client: redis.Redis, prefix: str = "flightdeck") -> list[Event]:
    return [parse_event(fields[b"__data__"]) for _, fields in client.xrange(Keys(prefix).events)]


def test_ack_publishes_alert_acknowledged(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("alerts", "ack", "abc123", "--by", "ana@example.com", "--comment", "rolling back") == 0
    (event,) = _published(client)
    assert isinstance(event, AlertAcknowledged) and event.producer == "cli"
    assert event.payload.fingerprint == "abc123" and event.payload.by == "ana@example.com"
    assert event.payload.via == "cli" and event.payload.comment == "rolling back"
    out = capsys.readouterr()
    assert "acknowledged alert abc123 as ana@example.com" in out.out
    assert "no active alert abc123" in out.err


def test_ack_defaults_by_to_user_at_host(client: redis.Redis) -> None:
    assert _cli("alerts", "ack", "abc123") == 0
    (event,) = _published(client)
    assert isinstance(event, AlertAcknowledged) and event.payload.by.startswith("ana@")


def test_ack_is_also_a_command_of_its_own(client: redis.Redis) -> None:
    assert _cli("ack", "abc123", "--by", "ana") == 0
    (event,) = _published(client)
    assert isinstance(event, AlertAcknowledged) and event.payload.fingerprint == "abc123"


def test_ack_of_a_bad_fingerprint_publishes_nothing(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("alerts", "ack", "not/a/fingerprint") == 2
    assert "fingerprint" in capsys.readouterr().err
    assert _published(client) == []


def _seed_alert(client: redis.Redis, prefix: str, alert: Alert) -> None:
    client.hset(f"{prefix}:alerter:alerts", alert.fingerprint, alert.model_dump_json())


def test_alerts_list_shows_active_alerts_and_acks(client: redis.Redis, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLIGHTDECK_STREAM_PREFIX", "team1")
    assert _cli("alerts", "list") == 0
    assert capsys.readouterr().out.strip() == "no active alerts"

    now = time.time()
    _seed_alert(client, "team1", Alert(
        fingerprint="f1", name="deployment-failed", severity="critical", environment="production", service="api",
        deployment_id="d-7", summary="api deploy failed", starts_at=now - 600, event_id="e1"))
    _seed_alert(client, "team1", Alert(
        fingerprint="f2", name="health-degraded", severity="warning", environment="staging", service="web",
        summary="web is slow", starts_at=now - 30, event_id="e2"))
    client.hset("team1:alerter:acks", "f1", json.dumps({"by": "ana", "via": "link", "at": now - 60}))
    client.hset("flightdeck:alerter:alerts", "other", json.dumps({"summary": "another prefix"}))

    assert _cli("alerts", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("FINGERPRINT")
    assert lines[1].split()[:5] == ["f1", "critical", "production", "api", "/"]
    assert "api deploy failed" in lines[1] and "10m ago" in lines[1] and "ana (1m ago)" in lines[1]
    assert lines[2].split()[:4] == ["f2", "warning", "staging", "web"] and "web is slow" in lines[2]
    assert lines[-1] == "2 active alert(s)"

    assert _cli("alerts", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [a["fingerprint"] for a in listed] == ["f1", "f2"]
    assert listed[0]["acknowledged"]["by"] == "ana" and listed[1]["acknowledged"] is None


def test_silence_add_publishes_silence_created(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(UTC)
    code = _cli("silence", "add", "--match", "environment=production", "--match", 'service=~"api|web"',
                "--match", "event!~health-.*", "--for", "2h", "--comment", "db maintenance")
    assert code == 0
    (event,) = _published(client)
    assert isinstance(event, SilenceCreated)
    payload = event.payload
    assert payload.matchers == [Matcher(label="environment", value="production"),
                                Matcher(label="service", op="=~", value="api|web"),
                                Matcher(label="event", op="!~", value="health-.*")]
    assert payload.ends_at - payload.starts_at == timedelta(hours=2) and payload.starts_at >= before
    assert payload.created_by.startswith("ana@") and payload.comment == "db maintenance"
    out = capsys.readouterr().out
    assert f"silence {payload.silence_id} created" in out
    assert 'environment="production" service=~"api|web" event!~"health-.*"' in out
    assert f"flightdeck silence expire {payload.silence_id}" in out


def test_silence_add_with_a_window(client: redis.Redis) -> None:
    assert _cli("silence", "add", "--match", "service=api", "--starts", "2099-01-01T10:00:00+02:00",
                "--until", "2099-01-01T12:00:00Z", "--by", "ops-bot") == 0
    (event,) = _published(client)
    assert isinstance(event, SilenceCreated)
    assert event.payload.starts_at == datetime(2099, 1, 1, 8, tzinfo=UTC)
    assert event.payload.ends_at == datetime(2099, 1, 1, 12, tzinfo=UTC)
    assert event.payload.created_by == "ops-bot"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--match", "team=payments", "--for", "1h"], "unknown label 'team'"),
        (["--match", "service=~api(", "--for", "1h"], "does not compile"),
        (["--match", "service=api", "--for", "soon"], "is not a duration"),
        (["--match", "service=api", "--until", "2020-01-01T00:00:00Z"], "has passed"),
    ],
)
def test_silence_add_refuses_bad_input(client: redis.Redis, capsys: pytest.CaptureFixture[str],
                                       args: list[str], message: str) -> None:
    assert _cli("silence", "add", *args) == 2
    assert message in capsys.readouterr().err
    assert _published(client) == []


def test_silence_add_needs_a_duration_or_an_end(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("silence", "add", "--match", "service=api") == 2
    assert "--for" in capsys.readouterr().err


def _seed_silence(client: redis.Redis, silence_id: str, starts: timedelta, ends: timedelta) -> None:
    now = datetime.now(UTC)
    payload = SilenceCreatedPayload(
        silence_id=silence_id, matchers=[Matcher(label="environment", value="production"),
                                         Matcher(label="service", op="=~", value="api|web")],
        starts_at=now + starts, ends_at=now + ends, created_by="ana", comment="upgrade")
    client.hset("flightdeck:alerter:silences", silence_id, payload.model_dump_json())


def test_silence_list_shows_active_and_pending(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("silence", "list") == 0
    assert capsys.readouterr().out.strip() == "no active or pending silences"
    _seed_silence(client, "s-now", -timedelta(minutes=5), timedelta(hours=1))
    _seed_silence(client, "s-later", timedelta(hours=1), timedelta(hours=2))
    _seed_silence(client, "s-over", -timedelta(hours=2), -timedelta(hours=1))
    client.hset("flightdeck:alerter:silences", "s-bad", "{}")

    assert _cli("silence", "list") == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[1].split()[:2] == ["s-now", "active"] and 'environment="production" service=~"api|web"' in lines[1]
    assert lines[2].split()[:2] == ["s-later", "pending"]
    assert lines[-1] == "2 silence(s)" and "s-over" not in out.out
    assert "skipping unreadable silence s-bad" in out.err

    assert _cli("silence", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["silence_id"], s["state"]) for s in listed] == [("s-now", "active"), ("s-later", "pending")]


def test_silence_expire_publishes_silence_expired(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    _seed_silence(client, "s-now", -timedelta(minutes=5), timedelta(hours=1))
    assert _cli("silence", "expire", "s-now", "--by", "ana") == 0
    (event,) = _published(client)
    assert isinstance(event, SilenceExpired)
    assert event.payload.silence_id == "s-now" and event.payload.by == "ana"
    out = capsys.readouterr()
    assert "expired silence s-now" in out.out and out.err == ""


def test_an_unreachable_redis_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert _cli("alerts", "list") == 4
    assert "cannot reach Redis at REDIS_URL=redis://127.0.0.1:1/0" in capsys.readouterr().err
