"""The baseline: the same at-least-once work with plain redis-py (XADD per event; XREADGROUP COUNT 100, one XACK)."""

import asyncio
import time
from typing import cast

from redis.asyncio import Redis

from ._common import BATCH, GROUP, Tally, paced, progress, raw_bytes, wait_all_acked
from ._streams import Reply


async def _consume(redis: "Redis", stream: str, tally: Tally, stamped: bool) -> None:
    while tally.count < tally.target:
        reply = cast(Reply, await redis.xreadgroup(GROUP, "raw-1", {stream: ">"}, count=BATCH, block=100))
        for _name, entries in reply:
            if not entries:
                continue
            if stamped:
                now = time.time()
                tally.latencies_ms.extend((now - float(fields[b"t"])) * 1000 for _id, fields in entries)
            await redis.xack(stream, GROUP, *[entry_id for entry_id, _fields in entries])
            tally.add(len(entries))


async def _run(url: str, stream: str, tally: Tally, label: str, rate: float | None) -> tuple[float, float]:
    """Publishes tally.target events (flat out, or paced at `rate`); returns (seconds to last ack, publish rate)."""
    producer, consumer = Redis.from_url(url), Redis.from_url(url)
    try:
        await consumer.xgroup_create(stream, GROUP, id="0", mkstream=True)
        reader = asyncio.create_task(_consume(consumer, stream, tally, stamped=rate is not None))
        data = raw_bytes()
        async with progress(label, tally):
            started = time.perf_counter()
            if rate is None:
                for _ in range(tally.target):
                    await producer.xadd(stream, {"__data__": data})
                    tally.sent += 1
                kept = tally.target / (time.perf_counter() - started)
            else:
                kept = await paced(
                    tally,
                    rate,
                    lambda _i: producer.xadd(stream, {"__data__": data, "t": repr(time.time())}),
                )
            await wait_all_acked(consumer, stream, tally)
            elapsed = time.perf_counter() - started
        await reader
        return elapsed, kept
    finally:
        await producer.aclose()
        await consumer.aclose()


async def raw_throughput(url: str, events: int, run: str) -> float:
    tally = Tally(events)
    elapsed, _ = await _run(url, f"raw-{run}:events", tally, f"raw {run}", rate=None)
    return events / elapsed


async def raw_latency(url: str, events: int, rate: float) -> tuple[list[float], float]:
    tally = Tally(events)
    _, kept = await _run(url, "raw-latency:events", tally, "raw latency", rate=rate)
    return tally.latencies_ms, kept
