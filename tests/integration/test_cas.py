"""shared/cas.py on a real Redis: queued writes land only while what was read is still there (absent included),
all or none, and a swap and a WATCH transaction on the same key see each other."""

import pytest
from redis.asyncio import Redis
from redis.exceptions import WatchError

from shared.cas import Swap
from shared.cas_loop import Decided, swap_until_done

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
