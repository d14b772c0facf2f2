"""Poison entries land in the dead-letter stream with their reason, and the worker keeps consuming."""

import json

from redis.asyncio import Redis

from shared.bus.deadletter import original_fields, read_dead_letters
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, Event, StageStarted
from shared.streams import Keys
from tests.support.inprocess import definition, eventually, recording, running
from tests.support.samples import sample

KEYS = Keys()


async def test_malformed_unknown_and_invalid_entries_are_dead_lettered(redis_url: str, redis_client: Redis) -> None:
    received: list[Event] = []
    invalid = sample(StageStarted).model_dump(mode="json")
    del invalid["payload"]["wave"]
    poison = [
        {"__data__": b"{not json"},
        {"__data__": b'{"type": "deploy-exploded", "payload": {}}'},
        {"__data__": b"[1, 2, 3]"},
        {"junk": b"no event here"},
        {"__data__": json.dumps(invalid).encode()},
    ]
    good = sample(DeployRequested, deployment_id="after-the-poison")
    async with running(definition("poisoned", recording(received)), redis_url):
        for fields in poison:
            await redis_client.xadd(KEYS.events, dict(fields.items()))  # dict[str, bytes] is no dict[FieldT, ...]
        await EventPublisher(redis_client, KEYS, producer="tests").publish(good)
        await eventually(lambda: len(received) == 1)
        await eventually(lambda: _count(redis_client, len(poison)))
    assert received[0].event_id == good.event_id
    dead = await read_dead_letters(redis_client, KEYS)
    assert [row["reason"] for row in dead] == ["not-json", "unknown-type", "not-an-object", "missing-type", "invalid"]
    assert "'deploy-exploded'" in dead[1]["error"] and "known types: alert-acknowledged" in dead[1]["error"]
    assert "payload.wave: Field required" in dead[4]["error"]
    for row, fields in zip(dead, poison, strict=True):
        raw = {k.encode(): v for k, v in row.items() if isinstance(v, bytes)}
        assert original_fields(raw) == {k.encode(): v for k, v in fields.items()}
        assert row["group"] == "poisoned" and row["source_stream"] == KEYS.events and row["attempts"] == "1"
    assert (await redis_client.xpending(KEYS.events, "poisoned"))["pending"] == 0


async def _count(redis: Redis, n: int) -> bool:
    return int(await redis.xlen(KEYS.dead_letters)) >= n


async def test_a_handler_that_keeps_failing_is_retried_then_dead_lettered(redis_url: str, redis_client: Redis) -> None:
    attempts: list[Event] = []

    def fail_always(event: Event) -> bool:
        attempts.append(event)
        return True

    poison = sample(DeployRequested, deployment_id="always-fails")
    async with running(definition("failing", recording([], fail=fail_always)), redis_url, max_attempts=3):
        await EventPublisher(redis_client, KEYS, producer="tests").publish(poison)
        await eventually(lambda: _count(redis_client, 1))
    assert len(attempts) == 3
    (row,) = await read_dead_letters(redis_client, KEYS)
    assert row["reason"] == "handler-failed"
    assert row["attempts"] == "3"
    assert "failed 3 of 3 attempts" in row["error"] and "refusing deploy-requested on purpose" in row["error"]
    assert (await redis_client.xpending(KEYS.events, "failing"))["pending"] == 0


async def test_a_handler_that_fails_once_succeeds_on_retry(redis_url: str, redis_client: Redis) -> None:
    received: list[Event] = []
    seen: set[str] = set()

    def fail_first(event: Event) -> bool:
        first = event.event_id not in seen
        seen.add(event.event_id)
        return first

    flaky = sample(DeployRequested, deployment_id="flaky")
    async with running(definition("flaky", recording(received, fail=fail_first)), redis_url):
        await EventPublisher(redis_client, KEYS, producer="tests").publish(flaky)
        await eventually(lambda: len(received) == 1)
    assert received[0].event_id == flaky.event_id
    assert await redis_client.xlen(KEYS.dead_letters) == 0
