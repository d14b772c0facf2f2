"""Our layer: EventPublisher.publish per fresh pydantic event, consumed by a real ServiceRuntime (group, acks)."""

import time

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested
from shared.streams import Keys

from ._common import GROUP, Tally, consuming, paced, progress, small_event, wait_all_acked


async def _run(url: str, prefix: str, tally: Tally, label: str, rate: float | None) -> tuple[float, float]:
    """Publishes tally.target events (flat out, or paced at `rate`); returns (seconds to last ack, publish rate)."""
    stamped = rate is not None

    async def handle(event: DeployRequested) -> None:
        if stamped:
            tally.latencies_ms.append((time.time() - event.occurred_at.timestamp()) * 1000)
        tally.add()

    redis = Redis.from_url(url)
    publisher = EventPublisher(redis, Keys(prefix), producer=GROUP)
    try:
        async with consuming(url, prefix, handle) as runtime, progress(label, tally):
            started = time.perf_counter()
            if rate is None:
                for i in range(tally.target):
                    await publisher.publish(small_event(i))
                    tally.sent += 1
                kept = tally.target / (time.perf_counter() - started)
            else:
                kept = await paced(tally, rate, lambda i: publisher.publish(small_event(i, at=time.time())))
            await wait_all_acked(redis, runtime.keys.events, tally)
            elapsed = time.perf_counter() - started
        return elapsed, kept
    finally:
        await redis.aclose()


async def ours_throughput(url: str, events: int, run: str) -> float:
    tally = Tally(events)
    elapsed, _ = await _run(url, f"bench-{run}", tally, f"ours {run}", rate=None)
    return events / elapsed


async def ours_latency(url: str, events: int, rate: float) -> tuple[list[float], float]:
    tally = Tally(events)
    _, kept = await _run(url, "bench-latency", tally, "ours latency", rate=rate)
    return tally.latencies_ms, kept
