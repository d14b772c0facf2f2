"""The per-deployment log stream: buffered writes in order, flushed by size, time or on demand; read in pages."""

from redis.asyncio import Redis

from services.coordinator.execution import DeploymentLog, read_log
from tests.support.inprocess import eventually
from tests.unit.coordinator.execution_helpers import KEYS


async def test_lines_are_written_in_order_with_their_fields(redis_client: Redis) -> None:
    log = DeploymentLog(redis_client, KEYS, batch=100, flush_interval_s=60)  # only size and flush() write
    for i in range(250):
        await log.line("dep-1", "api" if i % 2 else "worker", "stderr" if i % 3 else "stdout", f"line {i}")
    assert len(await read_log(redis_client, KEYS, "dep-1")) == 200  # two full batches went out by themselves
    assert await log.flush() == 50
    lines = await read_log(redis_client, KEYS, "dep-1")
    assert [x.line for x in lines] == [f"line {i}" for i in range(250)]
    assert (lines[3].service, lines[3].stream) == ("api", "stdout")
    assert (lines[4].service, lines[4].stream) == ("worker", "stderr")
    assert lines[0].ts.endswith("+00:00") and lines[0].id
    assert 0 < await redis_client.ttl(KEYS.deployment_log("dep-1")) <= 7 * 86_400
    await log.close()


async def test_a_few_lines_are_flushed_soon_without_asking(redis_client: Redis) -> None:
    log = DeploymentLog(redis_client, KEYS)
    for text in ("one", "two", "three"):
        await log.line("dep-2", "api", "stdout", text)

    async def written() -> bool:
        return [x.line for x in await read_log(redis_client, KEYS, "dep-2")] == ["one", "two", "three"]

    await eventually(written, within=10)
    await log.close()


async def test_reading_continues_after_the_last_line_seen(redis_client: Redis) -> None:
    log = DeploymentLog(redis_client, KEYS)
    for i in range(10):
        await log.line("dep-3", "api", "stdout", str(i))
    await log.close()
    first = await read_log(redis_client, KEYS, "dep-3", count=4)
    rest = await read_log(redis_client, KEYS, "dep-3", after=first[-1].id)
    assert [x.line for x in first] + [x.line for x in rest] == [str(i) for i in range(10)]
    assert await read_log(redis_client, KEYS, "dep-3", after=rest[-1].id) == []
    assert await read_log(redis_client, KEYS, "no-such-deployment") == []


async def test_a_long_log_is_trimmed_towards_maxlen(redis_client: Redis) -> None:
    log = DeploymentLog(redis_client, KEYS, maxlen=100)
    for i in range(3000):
        await log.line("dep-4", "api", "stdout", str(i))
    await log.close()
    kept = await read_log(redis_client, KEYS, "dep-4", count=10_000)
    assert len(kept) < 1000  # approximate trimming: whole stream nodes go, so a little more than 100 may stay
    assert kept[-1].line == "2999"  # the newest lines are the ones kept
