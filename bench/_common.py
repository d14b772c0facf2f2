"""Pieces the broker benchmark shares: the small event, a consuming ServiceRuntime, tallies and progress; and the
quiet logs every bench starts with."""

import asyncio
import contextlib
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime

from redis.asyncio import Redis

from shared.bus.codec import data
from shared.bus.handlers import Handlers
from shared.events import DeployRequested
from shared.events.deployment import DeployRequestedPayload
from shared.runtime import ServiceDefinition
from shared.runtime.service import ServiceRuntime
from shared.settings import Settings

GROUP = "bench"  # the consuming service's name, hence its consumer group (raw uses the same name)
BATCH = 100


def quiet_logs() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    for name in ("faststream", "faststream.access", "uvicorn", "uvicorn.access", "uvicorn.error", "flightdeck"):
        logging.getLogger(name).setLevel(logging.WARNING)


def small_event(i: int, at: float | None = None) -> DeployRequested:
    """A fresh, small deploy-requested event; `at` (time.time()) becomes occurred_at when given."""
    payload = DeployRequestedPayload(version="1.4.2", services=["api"], requested_by="bench")
    if at is None:
        return DeployRequested(deployment_id=f"dep-{i}", environment="staging", payload=payload)
    occurred_at = datetime.fromtimestamp(at, UTC)
    return DeployRequested(deployment_id=f"dep-{i}", environment="staging", payload=payload, occurred_at=occurred_at)


def raw_bytes() -> bytes:
    """The same JSON our publisher writes for a small event (producer stamped), pre-serialized once."""
    return data(small_event(0).model_copy(update={"producer": GROUP}))


class Tally:
    """What one run has published and handled (or acked, for raw), and the latencies it saw."""

    def __init__(self, target: int) -> None:
        self.target, self.sent, self.count = target, 0, 0
        self.latencies_ms: list[float] = []
        self.done = asyncio.Event()

    def add(self, k: int = 1) -> None:
        self.count += k
        if self.count >= self.target:
            self.done.set()


async def wait_all_acked(redis: "Redis", stream: str, tally: Tally) -> None:
    """Returns once every event was handled and the group has nothing pending (all acknowledged)."""
    await tally.done.wait()
    while True:  # the last batch's XACK follows its handlers by a round trip
        if not (await redis.xpending(stream, GROUP))["pending"]:
            return
        await asyncio.sleep(0.0005)


@contextlib.asynccontextmanager
async def consuming(
    url: str, prefix: str, handle: Callable[[DeployRequested], Awaitable[None]]
) -> AsyncIterator[ServiceRuntime]:
    """A real ServiceRuntime (reader, Dispatcher, consumer group) whose only handler is `handle`."""
    definition = ServiceDefinition(
        name=GROUP,
        description="broker benchmark consumer",
        consumes=(DeployRequested,),
        produces=(),
        handlers=lambda _context: Handlers().on(DeployRequested, handle),
        default_port=0,
    )
    settings = Settings(redis_url=url, stream_prefix=prefix, batch_size=BATCH, maintenance_interval=3600)
    runtime = ServiceRuntime(definition, settings)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


@contextlib.asynccontextmanager
async def progress(label: str, tally: Tally, every: float = 2.5) -> AsyncIterator[None]:
    """Prints a progress line every few seconds (to stderr) while the block runs."""
    started = time.perf_counter()

    async def report() -> None:
        while True:
            await asyncio.sleep(every)
            print(
                f"      .. {label}: {time.perf_counter() - started:4.1f}s published {tally.sent}/{tally.target}"
                f" handled {tally.count}",
                file=sys.stderr,
                flush=True,
            )

    task = asyncio.create_task(report())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def paced(tally: Tally, rate: float, send: Callable[[int], Awaitable[object]]) -> float:
    """Calls send(i) for i < tally.target on an absolute schedule (i / rate after the start); returns the rate kept."""
    started = time.perf_counter()
    for i in range(tally.target):
        delay = started + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await send(i)
        tally.sent += 1
    return tally.target / (time.perf_counter() - started)
