"""An operator lists dead letters and replays one after fixing its cause; the worker then handles it."""

import asyncio
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from cli.main import main
from shared.bus.deadletter import read_dead_letters
from shared.events import DeployRequested, Event
from shared.streams import Keys
from tests.support.inprocess import definition, eventually, recording, running
from tests.support.samples import sample


def _cli(*args: str) -> int:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return int(done.value.code or 0)


async def test_list_then_replay_a_dead_letter(
    redis_url: str, redis_client: Redis, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)
    broken = {"yes": True}
    received: list[Event] = []
    event = sample(DeployRequested)
    service = definition("replayer", recording(received, fail=lambda _: broken["yes"]))
    async with running(service, redis_url, max_attempts=1):
        await redis_client.xadd(Keys().events, {"__data__": event.model_dump_json()})
        await eventually(lambda: _dead_count(redis_client, 1))
        (dead,) = await read_dead_letters(redis_client, Keys())

        assert await _in_thread(_cli, "dead-letters") == 0
        listing = capsys.readouterr().out
        assert dead["id"] in listing and "handler-failed" in listing and "1 dead letter(s)" in listing

        broken["yes"] = False
        assert await _in_thread(_cli, "dead-letters", "--replay", dead["id"]) == 0
        assert f"{dead['id']}: replayed to flightdeck:events" in capsys.readouterr().out
        await eventually(lambda: len(received) == 1)
    assert received[0] == event
    assert await redis_client.xlen(Keys().dead_letters) == 0
    assert await _in_thread(_cli, "dead-letters", "--replay", "1-1") == 1
    assert "no such dead letter" in capsys.readouterr().out


async def _dead_count(redis: Redis, n: int) -> bool:
    return int(await redis.xlen(Keys().dead_letters)) >= n


async def _in_thread(function: Callable[..., int], *args: str) -> int:
    """The CLI runs its own event loop, so it runs beside the test's loop, as it would in its own process."""
    return await asyncio.to_thread(function, *args)
