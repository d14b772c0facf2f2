"""One live phase: the clients' process connects to a server (the dashboard's /api/v1/live, or the raw fan-out),
then this process publishes events of new deployments on an absolute schedule, each XADDed with its occurred_at
set to the moment of the XADD, and the clients' process reports every (client, event) delay. The server's CPU is
read from /proc over the sending, so a drain after it does not dilute it."""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis.asyncio import Redis

from bench._dashboard_clients import MARK
from bench._dashboard_history import deployment
from bench._figures import Spread, shown
from bench._monitor_world import ROOT, cpu_s
from shared.bus.codec import encode
from shared.events import Event

DRAIN_S = 15.0


@dataclass
class LivePhase:
    label: str
    clients: int
    rate: float
    seconds: float
    sent: int = 0
    kept: float = 0.0  # the send rate kept
    delays_ms: list[float] = field(default_factory=list)  # every (client, event) that arrived
    missing: int = 0  # (client, event) pairs that never arrived
    cpu_s: dict[str, float] = field(default_factory=dict)  # over the sending: server, redis, clients
    wall_s: float = 0.0
    errors: list[str] = field(default_factory=list)
    load: list[float] = field(default_factory=list)  # the machine's 1-minute load average after each round

    @classmethod
    def merged(cls, rounds: list["LivePhase"]) -> "LivePhase":
        """Rounds of one kind as one phase: their events, delays, misses and CPU together."""
        one = rounds[0]
        whole = cls(one.label, one.clients, one.rate, sum(r.seconds for r in rounds), sum(r.sent for r in rounds))
        whole.wall_s = sum(r.wall_s for r in rounds)
        whole.kept = whole.sent / max(whole.wall_s, 1e-9)
        whole.delays_ms = [d for r in rounds for d in r.delays_ms]
        whole.missing = sum(r.missing for r in rounds)
        whole.cpu_s = {name: sum(r.cpu_s.get(name, 0.0) for r in rounds) for name in one.cpu_s}
        whole.errors = [e for r in rounds for e in r.errors]
        whole.load = [x for r in rounds for x in r.load]
        return whole

    @property
    def delay(self) -> Spread:
        return Spread.of(self.delays_ms)

    @property
    def server_cpu_ms_per_event(self) -> float | None:
        return self.cpu_s["server"] * 1000 / self.sent if self.sent else None

    @property
    def server_cpu_us_per_delivery(self) -> float | None:
        delivered = len(self.delays_ms)
        return self.cpu_s["server"] * 1e6 / delivered if delivered else None

    def line(self) -> str:
        cores = "  ".join(f"{name} {seconds / max(self.wall_s, 1e-9):.2f}c" for name, seconds in self.cpu_s.items())
        return (
            f"  {self.label:<22} {self.sent} events x {self.clients} clients at {self.kept:.1f}/s: delay "
            f"{self.delay.line()}  missing {self.missing}  CPU {cores}  server "
            f"{shown(self.server_cpu_ms_per_event)} ms/event = {shown(self.server_cpu_us_per_delivery, '.1f')} "
            f"us/delivery  (load {', '.join(f'{x:.1f}' for x in self.load)})"
        )


def live_events(count: int, first: int = 0) -> Iterator[Event]:
    """Events of new deployments live-NNNNN from number `first` on, as they happen, `count` in all."""
    n, given = first, 0
    while True:
        for event in deployment(n, datetime.now(UTC), seed=11, prefix=MARK).events:
            if given == count:
                return
            yield event
            given += 1
        n += 1


def _clients(url: str, count: int, expected: int, seconds: float, out: Path, auth: str | None) -> subprocess.Popen[str]:
    args = [url, str(count), str(expected), str(seconds), str(out), *([auth] if auth else [])]
    return subprocess.Popen(
        [sys.executable, "-m", "bench._dashboard_clients", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


async def live_phase(
    phase: LivePhase,
    redis: Redis,
    stream: str,
    ws_url: str,
    pids: dict[str, int],
    auth: str | None = None,
    first: int = 0,
) -> LivePhase:
    """Runs the phase (publishing rate x seconds on `stream`), filling in `phase`."""
    count = round(phase.rate * phase.seconds)
    with tempfile.TemporaryDirectory(prefix="flightdeck-bench-live-") as folder:
        out = Path(folder) / "clients.json"
        clients = _clients(ws_url, phase.clients, count, count / phase.rate + DRAIN_S, out, auth)
        try:
            assert clients.stdout is not None
            ready = await asyncio.to_thread(clients.stdout.readline)
            if ready.strip() != "ready":
                raise RuntimeError(f"the live clients did not connect (exit code {clients.wait(timeout=30)})")
            pids = {**pids, "clients": clients.pid}
            await asyncio.sleep(1.0)  # every subscription settled
            events = list(live_events(count, first))
            cpu0, wall0, started = {n: cpu_s(p) for n, p in pids.items()}, time.time(), time.perf_counter()
            for i, event in enumerate(events):
                delay = started + i / phase.rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                await redis.xadd(stream, encode(event.model_copy(update={"occurred_at": datetime.now(UTC)})))
            phase.sent, phase.kept = count, count / max(1e-9, time.perf_counter() - started)
            phase.wall_s = time.time() - wall0
            phase.cpu_s = {n: cpu_s(p) - cpu0[n] for n, p in pids.items()}
            await asyncio.to_thread(clients.wait, count / phase.rate + DRAIN_S + 30)
        finally:
            if clients.poll() is None:
                clients.kill()
                clients.wait(timeout=10)
        found: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {"delays_ms": [], "errors": ["none"]}
    phase.delays_ms = [d for each in found["delays_ms"] for d in each]
    phase.missing = count * phase.clients - len(phase.delays_ms)
    phase.errors = found["errors"]
    phase.load = [os.getloadavg()[0]]
    return phase
