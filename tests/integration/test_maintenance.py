"""Trimming keeps the stream near MAXLEN but never drops an entry a consumer group has not acknowledged."""

from typing import cast

from redis.asyncio import Redis

from shared.bus.maintenance import forget_gone_consumers, trim_stream
from shared.bus.subscription import ensure_group

STREAM = "flightdeck:events"
Entries = list[tuple[bytes, dict[bytes, bytes]]]


async def _fill(redis: Redis, n: int) -> list[bytes]:
    pipe = redis.pipeline(transaction=False)
    for i in range(n):
        pipe.xadd(STREAM, {"i": str(i)})
    return list(await pipe.execute())


async def test_acknowledged_overflow_is_trimmed(redis_client: Redis) -> None:
    await ensure_group(redis_client, STREAM, "fast")
    ids = await _fill(redis_client, 3000)
    read = cast(list[tuple[bytes, Entries]], await redis_client.xreadgroup("fast", "c1", {STREAM: ">"}, count=3000))
    await redis_client.xack(STREAM, "fast", *[entry_id for entry_id, _ in read[0][1]])
    removed = await trim_stream(redis_client, STREAM, maxlen=1000)
    assert removed == 2000
    assert cast(Entries, await redis_client.xrange(STREAM, count=1))[0][0] == ids[2000]


async def test_pending_and_unread_entries_are_never_trimmed(redis_client: Redis) -> None:
    await ensure_group(redis_client, STREAM, "fast")
    await ensure_group(redis_client, STREAM, "slow")
    ids = await _fill(redis_client, 3000)
    await redis_client.xreadgroup("fast", "c1", {STREAM: ">"}, count=3000)
    await redis_client.xack(STREAM, "fast", *ids)
    await redis_client.xreadgroup("slow", "c2", {STREAM: ">"}, count=500)  # read, never acknowledged
    await redis_client.xack(STREAM, "slow", *ids[:100])
    removed = await trim_stream(redis_client, STREAM, maxlen=1000)
    assert removed == 100
    assert cast(Entries, await redis_client.xrange(STREAM, count=1))[0][0] == ids[100]
    assert (await redis_client.xpending(STREAM, "slow"))["pending"] == 400
    await redis_client.xack(STREAM, "slow", *ids[100:500])
    assert await trim_stream(redis_client, STREAM, maxlen=1000) == 400, "then only what it has not read is kept"


async def test_within_maxlen_nothing_is_trimmed(redis_client: Redis) -> None:
    await ensure_group(redis_client, STREAM, "fast")
    await _fill(redis_client, 10)
    assert await trim_stream(redis_client, STREAM, maxlen=1000) == 0


async def test_consumers_of_gone_replicas_are_forgotten_unless_they_hold_entries(redis_client: Redis) -> None:
    await ensure_group(redis_client, STREAM, "g")
    await _fill(redis_client, 2)
    await redis_client.xreadgroup("g", "holder", {STREAM: ">"}, count=1)
    await redis_client.xgroup_createconsumer(STREAM, "g", "idle")
    await redis_client.xgroup_createconsumer(STREAM, "g", "me")
    gone = await forget_gone_consumers(redis_client, STREAM, "g", idle_s=0, me="me")
    assert gone == ["idle"]
    names = {c["name"].decode() for c in await redis_client.xinfo_consumers(STREAM, "g")}
    assert names == {"holder", "me"}
