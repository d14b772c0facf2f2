"""The per-service command lock on a real Redis: one holder at a time, waiting, giving up, expiry, release."""

import asyncio

from redis.asyncio import Redis

from shared.command_lock import CommandLock
from shared.streams import Keys


async def test_one_holder_at_a_time_and_the_next_waits_until_it_is_released(redis_client: Redis) -> None:
    locks = CommandLock(redis_client, Keys(), ttl_s=5)
    assert await locks.take("staging", "db", "d1:db:deploy#1") is None
    assert await locks.take("staging", "db", "restart:x") == "d1:db:deploy#1"
    assert await locks.take("staging", "api", "restart:x") is None, "another service is not held"
    told: list[str] = []

    async def waiting(other: str) -> None:
        told.append(other)

    waiter = asyncio.create_task(locks.wait("staging", "db", "d1:db:rollback#1", on_wait=waiting, poll_s=0.05))
    await asyncio.sleep(0.3)
    assert not waiter.done() and told == ["d1:db:deploy#1"]
    await locks.release("staging", "db", "restart:x")  # not the holder: changes nothing
    await asyncio.sleep(0.2)
    assert not waiter.done()
    await locks.release("staging", "db", "d1:db:deploy#1")
    assert await asyncio.wait_for(waiter, 5) is True
    assert await locks.take("staging", "db", "d1:db:deploy#1") == "d1:db:rollback#1"


async def test_a_waiter_gives_up_when_told_and_a_dead_holder_expires(redis_client: Redis) -> None:
    locks = CommandLock(redis_client, Keys(), ttl_s=0.3)
    assert await locks.take("staging", "db", "dead") is None
    give_up = asyncio.Event()
    give_up.set()
    assert await locks.wait("staging", "db", "next", give_up=give_up) is False
    assert await asyncio.wait_for(locks.wait("staging", "db", "next", poll_s=0.05), 5) is True  # "dead" expired


async def test_a_kept_lock_outlives_its_ttl_and_is_released_after(redis_client: Redis) -> None:
    locks = CommandLock(redis_client, Keys(), ttl_s=0.3)
    assert await locks.take("staging", "db", "long") is None
    async with locks.kept("staging", "db", "long"):
        await asyncio.sleep(0.8)
        assert await locks.take("staging", "db", "other") == "long"
    assert await locks.take("staging", "db", "other") is None
