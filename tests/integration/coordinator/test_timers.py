"""The coordinator's timers against a real Redis: fired once and done, a failed fire tried again when its lease
ends, an unreadable one dropped, and a timer set before Redis went away fired once it is back."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis

from services.coordinator.domain.effects import SetTimer
from services.coordinator.timers import run_timers, timer_member
from shared.keys.coordinator import CoordinatorKeys
from shared.redis_process import LocalRedis
from shared.streams import Keys
from shared.tasks import cancel_all
from tests.support.inprocess import eventually

TIMERS = CoordinatorKeys.of(Keys()).timers


class Fired:
    def __init__(self, failures: int = 0) -> None:
        self.timers: list[tuple[str, str, str]] = []
        self.failures = failures

    async def __call__(self, deployment_id: str, kind: str, service: str) -> None:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("the store could not commit")
        self.timers.append((deployment_id, kind, service))


async def set_timer(redis: Redis, deployment_id: str, in_s: float, kind: str = "bake", service: str = "") -> None:
    due = datetime.fromtimestamp(time.time() + in_s, UTC)
    await redis.zadd(TIMERS, {timer_member(SetTimer(deployment_id, kind, due, service)): due.timestamp()})


@asynccontextmanager
async def timers(redis: Redis, fire: Fired, lease_s: float = 10.0) -> AsyncIterator[asyncio.Task[None]]:
    loop = asyncio.create_task(run_timers(redis, TIMERS, fire, poll_s=0.05, lease_s=lease_s))
    try:
        yield loop
    finally:
        await cancel_all([loop])  # cancels again if redis-py swallowed the first (see shared/tasks.py)


async def test_a_due_timer_fires_once_and_is_done(redis_client: Redis) -> None:
    fire = Fired()
    await set_timer(redis_client, "d1", 0.2, "gate", "api")
    await set_timer(redis_client, "d2", 60)
    async with timers(redis_client, fire):
        await eventually(lambda: fire.timers == [("d1", "gate", "api")], within=5)
        await asyncio.sleep(0.3)
    assert fire.timers == [("d1", "gate", "api")]
    assert await redis_client.zcard(TIMERS) == 1, "the later timer waits"


async def test_a_failed_fire_is_tried_again_when_its_lease_ends(redis_client: Redis) -> None:
    fire = Fired(failures=1)
    await set_timer(redis_client, "d1", 0)
    async with timers(redis_client, fire, lease_s=0.3):
        await eventually(lambda: fire.timers == [("d1", "bake", "")], within=5)
    assert await redis_client.zcard(TIMERS) == 0


async def test_an_unreadable_timer_is_dropped_and_the_others_fire(redis_client: Redis) -> None:
    fire = Fired()
    await redis_client.zadd(TIMERS, {"not json": time.time()})
    await set_timer(redis_client, "d1", 0)
    async with timers(redis_client, fire):
        await eventually(lambda: fire.timers == [("d1", "bake", "")], within=5)

        async def emptied() -> bool:
            return int(await redis_client.zcard(TIMERS)) == 0

        await eventually(emptied, within=5)


async def test_a_timer_set_before_redis_went_away_fires_once_it_is_back(tmp_path: Path) -> None:
    local = LocalRedis(data_dir=tmp_path / "redis")  # appendonly: the timer outlives the restart
    redis = Redis.from_url(f"{local.start()}/0")
    fire = Fired()
    try:
        await set_timer(redis, "d1", 1.0)
        async with timers(redis, fire) as loop:
            await asyncio.sleep(0.2)
            local.stop()
            await asyncio.sleep(1.5)  # it falls due while Redis is gone; the loop keeps failing meanwhile
            assert not loop.done(), "the timer loop survived the outage"
            assert fire.timers == []
            local.start()
            await eventually(lambda: fire.timers == [("d1", "bake", "")], within=20)
        assert await redis.zcard(TIMERS) == 0
    finally:
        await redis.aclose()
        local.stop()
