"""What the alerts and silence CLI tests share: a Redis client on the test's REDIS_URL, running the command, and
the events it published."""

from collections.abc import Iterator
from typing import cast

import pytest
import redis

from cli.main import main
from shared.events import Event, parse_event
from shared.streams import Keys


@pytest.fixture(name="client")
def client_fixture(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delenv("FLIGHTDECK_STREAM_PREFIX", raising=False)
    monkeypatch.setenv("USER", "ana")
    connection = redis.Redis.from_url(redis_url)
    yield connection
    connection.close()


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


def published(client: redis.Redis, prefix: str = "flightdeck") -> list[Event]:
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], client.xrange(Keys(prefix).events))  # bytes: no decoding
    return [parse_event(fields[b"__data__"]) for _, fields in rows]
