"""Killing a worker loses nothing: a live replica takes over its pending entries and handles each once."""

import os
import signal
from contextlib import AbstractContextManager

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested
from shared.streams import Keys
from shared.text import text
from tests.support.inprocess import eventually
from tests.support.processes import Worker, worker_process
from tests.support.samples import sample
from tests.support.worker import EFFECTS

KEYS = Keys()


async def test_a_replica_killed_mid_batch_leaves_work_that_another_finishes_once(
    redis_url: str, redis_client: Redis
) -> None:
    events = [sample(DeployRequested, deployment_id="one-deployment") for _ in range(30)]
    publisher = EventPublisher(redis_client, KEYS, producer="tests")
    with _replica(redis_url, delay_s="0.05") as first:
        await publisher.publish_many(events)
        await eventually(lambda: _effects_at_least(redis_client, 5))
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    done_before = await redis_client.llen(EFFECTS)
    pending = await redis_client.xpending(KEYS.events, "killable")
    assert 0 < done_before < len(events), "the kill should land mid-batch"
    assert pending["pending"] == len(events), "nothing is acked before the batch is done"

    with _replica(redis_url) as second:
        await eventually(lambda: _effects_at_least(redis_client, len(events)))
        await eventually(lambda: _nothing_pending(redis_client, "killable"))
        assert second.poll() is None
    effects = [text(e) for e in await redis_client.lrange(EFFECTS, 0, -1)]
    assert sorted(effects) == sorted(e.event_id for e in events), "every event's effect exactly once"
    handled_by = await redis_client.lrange("test:handled-by:killable", 0, -1)
    assert len(set(handled_by)) == 2, "both replicas did part of the work"
    assert await redis_client.xlen(KEYS.dead_letters) == 0


def _replica(redis_url: str, delay_s: str = "0") -> AbstractContextManager[Worker]:
    return worker_process(
        redis_url,
        WORKER_GROUP="killable",
        FLIGHTDECK_RECLAIM_IDLE="500ms",
        FLIGHTDECK_MAX_ATTEMPTS="5",
        WORKER_DELAY_S=delay_s,
    )


async def _effects_at_least(redis: Redis, n: int) -> bool:
    return int(await redis.llen(EFFECTS)) >= n


async def _nothing_pending(redis: Redis, group: str) -> bool:
    pending: int = (await redis.xpending(KEYS.events, group))["pending"]
    return pending == 0
