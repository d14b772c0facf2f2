"""The reader's own promises: what was handled is acknowledged even when no read follows it, a group that is gone
stops reading until it is made again, and a batch that fails stays pending for reclaim."""

import asyncio

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.bus.reader import GroupReader
from shared.bus.subscription import ensure_group
from shared.events import DeployRequested, Event
from shared.runtime.service import ServiceRuntime
from shared.settings import Settings
from shared.streams import Keys
from tests.support.inprocess import TEST_DEFAULTS, definition, eventually, recording, running
from tests.support.samples import sample

KEYS = Keys()


async def _pending(redis: Redis, group: str) -> int:
    return int((await redis.xpending(KEYS.events, group))["pending"])


class _NoReadAfterTheFirst(GroupReader):
    """Stops (blocks for good) before its second read: the acks of the first batch have no read to ride on."""

    reads = 0

    async def _read_new(self) -> None:
        if self.reads:
            await asyncio.Event().wait()
        self.reads += 1
        await super()._read_new()


async def test_handled_entries_are_acknowledged_when_the_reader_stops_before_its_next_read(
    redis_url: str, redis_client: Redis
) -> None:
    """Acks ride on the next read; a stop before it sends them on their own."""
    seen: list[Event] = []
    await EventPublisher(redis_client, KEYS, producer="tests").publish_many(
        [sample(DeployRequested, deployment_id=f"dep-{i}") for i in range(20)]
    )
    runtime = ServiceRuntime(definition("acks", recording(seen)), Settings(redis_url=redis_url, **TEST_DEFAULTS))
    runtime.reader = _NoReadAfterTheFirst(
        runtime.redis, runtime.dispatcher, stream=KEYS.events, batch_size=50, reclaim_idle_s=30
    )
    await runtime.start()
    try:
        await eventually(lambda: len(seen) == 20)
        assert await _pending(redis_client, "acks") == 20, "handled, and not acknowledged yet"
    finally:
        await runtime.stop()
    assert await _pending(redis_client, "acks") == 0


async def test_entries_handled_while_running_are_acknowledged_with_the_reads_after_them(
    redis_url: str, redis_client: Redis
) -> None:
    seen: list[Event] = []
    service = definition("acks", recording(seen))
    async with running(service, redis_url):
        publisher = EventPublisher(redis_client, KEYS, producer="tests")
        for i in range(5):
            await publisher.publish(sample(DeployRequested, deployment_id=f"dep-{i}"))
            await eventually(lambda count=i + 1: len(seen) == count)
        await eventually(lambda: _nothing_pending(redis_client, "acks"))


async def _nothing_pending(redis: Redis, group: str) -> bool:
    return await _pending(redis, group) == 0


async def test_a_group_that_is_gone_stops_reading_until_it_is_made_again(redis_url: str, redis_client: Redis) -> None:
    seen: list[Event] = []
    service = definition("regrouped", recording(seen))
    async with running(service, redis_url) as runtime:
        assert runtime.subscribed
        await redis_client.xgroup_destroy(KEYS.events, "regrouped")
        await eventually(lambda: not runtime.subscribed)
        assert not runtime.consuming
        await ensure_group(redis_client, KEYS.events, "regrouped")
        await runtime.resubscribe()
        assert runtime.subscribed
        await EventPublisher(redis_client, KEYS, producer="tests").publish(sample(DeployRequested))
        await eventually(lambda: len(seen) == 1)


async def test_a_batch_whose_handler_fails_stays_pending_and_is_handled_when_reclaimed(
    redis_url: str, redis_client: Redis
) -> None:
    seen: list[Event] = []
    failed: list[str] = []

    def first_time(event: Event) -> bool:
        if event.event_id in failed:
            return False
        failed.append(event.event_id)
        return True

    service = definition("retried", recording(seen, fail=first_time))
    async with running(service, redis_url, reclaim_idle=0.3):
        await EventPublisher(redis_client, KEYS, producer="tests").publish(sample(DeployRequested))
        await eventually(lambda: len(failed) == 1)
        await asyncio.sleep(0.05)
        assert seen == [] and await _pending(redis_client, "retried") == 1
        await eventually(lambda: len(seen) == 1)
        await eventually(lambda: _nothing_pending(redis_client, "retried"))
