"""Two replicas in one consumer group share the work: every event is handled by exactly one of them."""

import asyncio
from collections import Counter
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
N = 2000


async def test_two_replicas_share_a_group_without_duplicates(redis_url: str, redis_client: Redis) -> None:
    events = [sample(DeployRequested, deployment_id=f"dep-{i}") for i in range(N)]
    publisher = EventPublisher(redis_client, KEYS, producer="tests")
    with _replica(redis_url) as one, _replica(redis_url) as two:
        await one.ready()
        await two.ready()
        for start in range(0, N, 100):
            await publisher.publish_many(events[start : start + 100])
            await asyncio.sleep(0.01)
        await eventually(lambda: _handled(redis_client, N), within=60)
        await eventually(lambda: _nothing_pending(redis_client))
    effects = [text(e) for e in await redis_client.lrange(EFFECTS, 0, -1)]
    assert sorted(effects) == sorted(e.event_id for e in events)
    shares = Counter(await redis_client.lrange("test:handled-by:shared-group", 0, -1))
    assert sum(shares.values()) == N, "no entry was handled twice"
    assert len(shares) == 2 and min(shares.values()) > 0, f"both replicas took part: {shares}"


def _replica(redis_url: str) -> AbstractContextManager[Worker]:
    return worker_process(redis_url, WORKER_GROUP="shared-group", FLIGHTDECK_BATCH_SIZE="20")


async def _handled(redis: Redis, n: int) -> bool:
    return int(await redis.llen("test:handled-by:shared-group")) >= n


async def _nothing_pending(redis: Redis) -> bool:
    pending: int = (await redis.xpending(KEYS.events, "shared-group"))["pending"]
    return pending == 0
