"""Due work in one sorted set: leased so two replicas never take one entry together, taken again when a lease
ends, and a loop that outlives Redis going away."""

import asyncio
import logging
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.backoff import Backoff
from shared.due import DueWork, run_due
from shared.redis_process import LocalRedis
from shared.tasks import cancel_all
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration
log = logging.getLogger("tests.due")


async def test_a_lease_keeps_an_entry_from_a_second_taker_until_it_ends(redis_client: Redis) -> None:
    now = [1000.0]
    one, two = (DueWork(redis_client, "due", lease_s=30, clock=lambda: now[0]) for _ in range(2))
    await one.later("a", 999.0)
    await one.later("b", 1005.0)
    assert await one.take() == (["a"], 1005.0)
    assert await two.take() == ([], 1005.0), "a is leased to one; b is not due yet"
    now[0] = 1031.0  # one died holding a: its lease ran out
    assert sorted((await two.take())[0]) == ["a", "b"]
    await two.done("a")
    assert await redis_client.zscore("due", "a") is None


async def test_at_wakes_a_waiting_loop_when_the_work_is_due_now(redis_client: Redis) -> None:
    due = DueWork(redis_client, "due")
    waiting = asyncio.create_task(due.wait(None, poll_s=30))
    await asyncio.sleep(0.05)
    await due.at("now", due.clock())
    await asyncio.wait_for(waiting, 2)


async def test_run_due_retries_failed_work_and_outlives_redis(tmp_path: Path) -> None:
    local = LocalRedis(data_dir=tmp_path / "redis")
    url = f"{local.start()}/0"
    redis = Redis.from_url(url)
    due = DueWork(redis, "due", lease_s=0.3)
    done: list[str] = []
    failed: list[str] = []

    async def work(member: str) -> None:
        if member == "flaky" and not failed:
            failed.append(member)
            raise RuntimeError("the first try fails")
        done.append(member)
        await due.done(member)

    loop = asyncio.create_task(run_due(due, work, log=log, poll_s=0.05, unavailable=Backoff(first=0.1, most=0.5)))
    try:
        await due.at("flaky", due.clock())
        await eventually(lambda: done == ["flaky"], within=10)  # retried once its lease ended
        await due.later("after-the-outage", due.clock() + 1.0)
        local.stop()
        await asyncio.sleep(1.5)  # it falls due while Redis is gone; the loop keeps failing meanwhile
        assert not loop.done(), "the loop survived the outage"
        local.start()
        await eventually(lambda: done == ["flaky", "after-the-outage"], within=15)
    finally:
        await cancel_all([loop])  # cancels again if redis-py swallowed the first (see shared/tasks.py)
        await redis.aclose()
        local.stop()
