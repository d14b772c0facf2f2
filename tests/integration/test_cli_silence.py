"""`flightdeck silence` against a real Redis: what add and expire publish, and what list shows."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import redis

from shared.events import Matcher, SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from tests.integration.cli_alerts_support import cli, client_fixture, published  # noqa: F401 (a fixture)

SILENCES = AlerterKeys.of(Keys()).silences


def test_silence_add_publishes_silence_created(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(UTC)
    code = cli(
        "silence",
        "add",
        "--match",
        "environment=production",
        "--match",
        'service=~"api|web"',
        "--match",
        "event!~health-.*",
        "--for",
        "2h",
        "--comment",
        "db maintenance",
    )
    assert code == 0
    (event,) = published(client)
    assert isinstance(event, SilenceCreated)
    payload = event.payload
    assert payload.matchers == [
        Matcher(label="environment", value="production"),
        Matcher(label="service", op="=~", value="api|web"),
        Matcher(label="event", op="!~", value="health-.*"),
    ]
    assert payload.ends_at - payload.starts_at == timedelta(hours=2) and payload.starts_at >= before
    assert payload.created_by.startswith("ana@") and payload.comment == "db maintenance"
    out = capsys.readouterr().out
    assert f"silence {payload.silence_id} created" in out
    assert 'environment="production" service=~"api|web" event!~"health-.*"' in out
    assert f"flightdeck silence expire {payload.silence_id}" in out


def test_silence_add_with_a_window(client: redis.Redis) -> None:
    assert (
        cli(
            "silence",
            "add",
            "--match",
            "service=api",
            "--starts",
            "2099-01-01T10:00:00+02:00",
            "--until",
            "2099-01-01T12:00:00Z",
            "--by",
            "ops-bot",
        )
        == 0
    )
    (event,) = published(client)
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
def test_silence_add_refuses_bad_input(
    client: redis.Redis, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli("silence", "add", *args) == 2
    assert message in capsys.readouterr().err
    assert published(client) == []


def test_silence_add_needs_a_duration_or_an_end(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("silence", "add", "--match", "service=api") == 2
    assert "--for" in capsys.readouterr().err


def _seed_silence(client: redis.Redis, silence_id: str, starts: timedelta, ends: timedelta) -> None:
    now = datetime.now(UTC)
    payload = SilenceCreatedPayload(
        silence_id=silence_id,
        matchers=[Matcher(label="environment", value="production"), Matcher(label="service", op="=~", value="api|web")],
        starts_at=now + starts,
        ends_at=now + ends,
        created_by="ana",
        comment="upgrade",
    )
    client.hset(SILENCES, silence_id, payload.model_dump_json())


def test_silence_list_shows_active_and_pending(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("silence", "list") == 0
    assert capsys.readouterr().out.strip() == "no active or pending silences"
    _seed_silence(client, "s-now", -timedelta(minutes=5), timedelta(hours=1))
    _seed_silence(client, "s-later", timedelta(hours=1), timedelta(hours=2))
    _seed_silence(client, "s-over", -timedelta(hours=2), -timedelta(hours=1))
    client.hset(SILENCES, "s-bad", "{}")

    assert cli("silence", "list") == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[1].split()[:2] == ["s-now", "active"] and 'environment="production" service=~"api|web"' in lines[1]
    assert lines[2].split()[:2] == ["s-later", "pending"]
    assert lines[-1] == "2 silence(s)" and "s-over" not in out.out
    assert "skipping unreadable silence s-bad" in out.err

    assert cli("silence", "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["silence_id"], s["state"]) for s in listed] == [("s-now", "active"), ("s-later", "pending")]


def test_silence_expire_publishes_silence_expired(client: redis.Redis, capsys: pytest.CaptureFixture[str]) -> None:
    _seed_silence(client, "s-now", -timedelta(minutes=5), timedelta(hours=1))
    assert cli("silence", "expire", "s-now", "--by", "ana") == 0
    (event,) = published(client)
    assert isinstance(event, SilenceExpired)
    assert event.payload.silence_id == "s-now" and event.payload.by == "ana"
    out = capsys.readouterr()
    assert "expired silence s-now" in out.out and out.err == ""
