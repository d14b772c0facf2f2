"""The one optimistic-lock loop: concurrent read-decide-writes all land, and a bounded one says it gave up."""

import asyncio

import pytest
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.transact import TooMuchContention, transact

pytestmark = pytest.mark.integration


async def test_concurrent_writers_each_commit_once_on_fresh_reads(redis_url: str) -> None:
    clients = [Redis.from_url(redis_url) for _ in range(4)]
    tries = []

    async def add_one(redis: Redis) -> None:
        async def attempt(pipe: Pipeline) -> int:
            tries.append(1)
            await pipe.watch("counter")
            value = int(await pipe.get("counter") or 0)
            await asyncio.sleep(0)  # let the others read the same value: their writes must then retry
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.set("counter", value + 1)
            await pipe.execute()
            return value + 1

        await transact(redis, attempt)

    try:
        await asyncio.gather(*(add_one(clients[n % 4]) for n in range(40)))
        assert int(await clients[0].get("counter") or 0) == 40, "no increment lost"
        assert len(tries) > 40, "some writers saw a WatchError and tried again"
    finally:
        for client in clients:
            await client.aclose()


async def test_a_bounded_transaction_names_what_it_could_not_write(redis_client: Redis, redis_url: str) -> None:
    other = Redis.from_url(redis_url)

    async def attempt(pipe: Pipeline) -> None:
        await pipe.watch("contended")
        await other.incr("contended")  # another writer, every time
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        pipe.set("mine", "1")
        await pipe.execute()

    try:
        with pytest.raises(TooMuchContention, match="could not write the thing after 3 tries"):
            await transact(redis_client, attempt, tries=3, what="the thing")
        assert await redis_client.get("mine") is None and await redis_client.get("contended") == b"3"
    finally:
        await other.aclose()
