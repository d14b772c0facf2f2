"""The alerter benchmark's load: a receiver that notes arrival times, a Redis XADD -> XREADGROUP reader, and the paced
phase (sends on an absolute schedule, waits for every arrival)."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import cast

from aiohttp import web
from redis.asyncio import Redis

from bench._figures import Spread, shown
from bench._streams import Reply


class Sink:
    """Where arrivals land: key -> first arrival (time.time()), with duplicates counted."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.duplicates = 0
        self.last_body: bytes = b""
        self.last_at = 0.0

    def note(self, key: str, at: float) -> None:
        self.last_at = at
        if key in self.arrived:
            self.duplicates += 1
            return
        self.arrived[key] = at

    async def quiet(self, for_s: float = 2.0, most_s: float = 90.0) -> None:
        """Until nothing arrived for `for_s` (what a phase left behind has drained), at most `most_s`."""
        for _ in range(max(1, round(most_s / 0.1))):
            if time.time() - self.last_at >= for_s:
                return
            await asyncio.sleep(0.1)

    async def wait_all(self, keys: list[str], until: float, poll_s: float = 0.02) -> None:
        """Until every key arrived or the time.time() deadline passed."""
        missing = [k for k in keys if k not in self.arrived]
        while missing and time.time() < until:
            await asyncio.sleep(poll_s)
            missing = [k for k in missing if k not in self.arrived]


@contextlib.asynccontextmanager
async def receiver(sink: Sink, port: int) -> AsyncIterator[str]:
    """An aiohttp server on `port`; every POST's body JSON names its key in "deployment_id" (or in groupLabels, as
    Alertmanager's webhook does). Yields its URL."""

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        at = time.time()
        sink.last_body = body
        data = json.loads(body)  # ours names the deployment; Alertmanager's groupLabels do
        sink.note(str(data.get("deployment_id") or data.get("groupLabels", {}).get("deployment_id")), at)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def stream_reader(redis: Redis, stream: str, sink: Sink) -> None:
    """XREADGROUP (BLOCK) on `stream`, each entry's "k" noted on arrival, acknowledged; runs until cancelled."""
    await redis.xgroup_create(stream, "bench", id="$", mkstream=True)
    while True:
        reply = cast(Reply, await redis.xreadgroup("bench", "reader", {stream: ">"}, count=100, block=1000))
        for _, entries in reply or []:
            at = time.time()
            for _, fields in entries:
                sink.note(fields[b"k"].decode(), at)
            await redis.xack(stream, "bench", *(entry_id for entry_id, _ in entries))


@dataclass
class LoadPhase:
    label: str
    rate: float
    sent: dict[str, float] = field(default_factory=dict)
    kept: float = 0.0  # the send rate actually kept
    latencies_ms: list[float] = field(default_factory=list)
    lost: int = 0
    delivered_eps: float = 0.0  # arrivals over [first send, last arrival]
    cpu: dict[str, float] = field(default_factory=dict)  # cores used by each process while sending

    @property
    def latency(self) -> Spread:
        """Of the keys that arrived, ms from publish to arrival."""
        return Spread.of(self.latencies_ms)

    def line(self) -> str:
        spread = self.latency
        return (
            f"  {self.label:<22} sent {len(self.sent):5d} at {self.kept:7.1f}/s  p50 {shown(spread.p50, '8.2f')} ms  "
            f"p99 {shown(spread.p99, '8.2f')} ms  max {shown(spread.max, '8.2f')} ms  "
            f"lost {self.lost}  delivered {self.delivered_eps:7.1f}/s"
            + "".join(f"  {k} {v:.2f}c" for k, v in self.cpu.items())
        )


async def paced(
    phase: LoadPhase,
    seconds: float,
    send: Callable[[str], Awaitable[object]],
    sink: Sink,
    prefix: str,
    drain_s: float,
    cpu: Callable[[], dict[str, float]],
) -> LoadPhase:
    """Sends rate x seconds keys on an absolute schedule (send(key) after its publish time is noted), then waits up to
    drain_s after the last send for every key to arrive."""
    count, started, cpu0 = round(phase.rate * seconds), time.perf_counter(), cpu()
    wall0 = time.time()
    for n in range(count):
        delay = started + n / phase.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        key = f"{prefix}-{n}"
        phase.sent[key] = time.time()
        await send(key)
    phase.kept = count / max(1e-9, time.perf_counter() - started)
    wall, cpu1 = time.time() - wall0, cpu()  # over the sending, so a drain after an overload does not dilute it
    phase.cpu = {name: (cpu1[name] - cpu0[name]) / wall for name in cpu1}
    keys = list(phase.sent)
    await sink.wait_all(keys, time.time() + drain_s)
    got = [k for k in keys if k in sink.arrived]
    phase.lost = count - len(got)
    phase.latencies_ms = [(sink.arrived[k] - phase.sent[k]) * 1000 for k in got]
    if got:
        phase.delivered_eps = len(got) / max(1e-9, max(sink.arrived[k] for k in got) - phase.sent[keys[0]])
    return phase
