"""shared/cas.py and shared/group_commit.py on a real Redis: queued writes land only while what was read is still
there (absent included), and a swap and a WATCH transaction on the same key see each other; writers that come
while a commit is in flight share the next one."""

import asyncio
from collections.abc import Callable

import pytest
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import ResponseError, WatchError

from shared.cas import Swap
from shared.cas_loop import Decided, swap_until_done
from shared.group_commit import GroupCommit

pytestmark = pytest.mark.integration


async def test_writes_land_while_the_read_values_hold_and_not_after_a_change(redis_client: Redis) -> None:
    swap = Swap(redis_client)
    await redis_client.set("doc", "v1")
    writes = swap.writes()
    writes.set("doc", "v2")
    writes.zadd("due", {"g:a": 5.0})
    writes.xadd("events", {"type": "alert-sent"})
    assert await swap.apply({"doc": b"v1", "seen": None}, writes)
    assert await redis_client.get("doc") == b"v2"
    assert await redis_client.zscore("due", "g:a") == 5.0
    assert await redis_client.xlen("events") == 1

    stale = swap.writes()
    stale.set("doc", "v3")
    stale.sadd("members", "x")
    assert not await swap.apply({"doc": b"v1"}, stale)  # someone wrote v2 since
    assert await redis_client.get("doc") == b"v2"
    assert not await redis_client.exists("members")  # nothing of a refused swap lands


async def test_an_absent_key_must_still_be_absent(redis_client: Redis) -> None:
    swap = Swap(redis_client)
    await redis_client.set("seen", 1)
    writes = swap.writes()
    writes.set("group", "new")
    assert not await swap.apply({"seen": None}, writes)
    assert not await redis_client.exists("group")


async def test_a_swap_fails_a_watch_transaction_on_a_key_it_wrote(redis_client: Redis) -> None:
    swap = Swap(redis_client)
    await redis_client.set("group", "a")
    async with redis_client.pipeline(transaction=True) as pipe:
        await pipe.watch("group")
        assert await pipe.get("group") == b"a"
        writes = swap.writes()
        writes.set("group", "b")
        assert await swap.apply({"group": b"a"}, writes)
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        pipe.set("group", "c")
        with pytest.raises(WatchError):
            await pipe.execute()
    assert await redis_client.get("group") == b"b"


async def test_the_loop_decides_again_on_fresh_values_until_its_swap_lands(redis_client: Redis) -> None:
    swap = Swap(redis_client)
    tries: list[bytes | str | None] = []
    await redis_client.set("counter", 0)

    async def attempt() -> Decided[int]:
        value = await redis_client.get("counter")
        if not tries:
            await redis_client.incr("counter")  # another writer gets there between the read and the swap
        tries.append(value)
        writes = swap.writes()
        writes.set("counter", int(value or 0) + 10)
        return {"counter": value}, writes, len(tries)

    assert await swap_until_done(swap, attempt) == 2
    assert tries == [b"0", b"1"]
    assert await redis_client.get("counter") == b"11"


async def test_writers_that_come_while_a_commit_is_in_flight_land_together(redis_client: Redis) -> None:
    commits = GroupCommit(redis_client)
    await redis_client.config_resetstat()

    def writer(n: int) -> Callable[[Pipeline], None]:
        def queue(pipe: Pipeline) -> None:
            pipe.set(f"sent:{n}", 1)
            pipe.xadd("events", {"n": n})

        return queue

    await asyncio.gather(*(commits.write(writer(n)) for n in range(50)))
    assert await redis_client.mget([f"sent:{n}" for n in range(50)]) == [b"1"] * 50
    entries = await redis_client.xrange("events") or []
    assert [int((fields or {})[b"n"]) for _, fields in entries] == list(range(50))
    calls = (await redis_client.info("commandstats"))["cmdstat_evalsha"]["calls"]
    assert calls <= 3  # the first alone, the 49 that came meanwhile in one or two more


async def test_a_failed_commit_raises_in_every_writer_it_carried(redis_client: Redis) -> None:
    commits = GroupCommit(redis_client)
    await redis_client.set("text", "not a number")

    def good(pipe: Pipeline) -> None:
        pipe.set("other", 1)

    def bad(pipe: Pipeline) -> None:
        pipe.incr("text")

    results = await asyncio.gather(commits.write(good), commits.write(bad), commits.write(good), return_exceptions=True)
    assert results[0] is None  # the first writer committed alone, before the others came
    assert all(isinstance(result, ResponseError) for result in results[1:])
