"""Follows the events stream (XREAD BLOCK, no consumer group) and tallies each deployment's events as they land.

Only the entry's JSON is read (json.loads, not the pydantic models): the watcher shares the benchmark's process
with the coordinator and should cost it as little as possible. The moment a deployment ends is when its final
event was read, so the measured time includes the coordinator writing it, not a polling interval.
"""

import asyncio
import contextlib
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from redis.asyncio import Redis

from bench._streams import Fields, Reply
from shared.bus.codec import DATA_FIELD

FINAL = ("deployment-succeeded", "deployment-failed", "deployment-rejected", "deployment-cancelled")


@dataclass
class Tracked:
    counts: Counter[str] = field(default_factory=Counter)
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    ended_at: float | None = None  # perf_counter when the final event was read
    final: dict[str, object] = field(default_factory=dict)  # the final event, as JSON
    timeline: list[tuple[float, str]] = field(default_factory=list)  # (occurred_at as a timestamp, type)


class StreamWatcher:
    def __init__(self, redis: "Redis", stream: str) -> None:
        self.redis, self.stream = redis, stream
        self.deployments: dict[str, Tracked] = {}
        self.entries = 0

    def track(self, deployment_id: str) -> Tracked:
        return self.deployments.setdefault(deployment_id, Tracked())

    async def follow(self) -> None:
        last: bytes | str = "0-0"
        while True:
            reply = cast(Reply, await self.redis.xread({self.stream: last}, count=1000, block=1000))
            for _, rows in reply or ():
                for entry_id, fields in rows:
                    last = entry_id
                    self._note(fields)

    def _note(self, fields: Fields) -> None:
        self.entries += 1
        raw = fields.get(DATA_FIELD)
        if raw is None:
            return
        data = json.loads(raw)
        deployment_id, kind = data.get("deployment_id"), data.get("type", "?")
        if not deployment_id:
            return
        tracked = self.track(deployment_id)
        tracked.counts[kind] += 1
        tracked.timeline.append((datetime.fromisoformat(data["occurred_at"]).timestamp(), kind))
        if kind in FINAL and not tracked.ended.is_set():
            tracked.ended_at, tracked.final = time.perf_counter(), data
            tracked.ended.set()


def verdict(tracked: Tracked, services: int) -> str:
    """'' when the deployment succeeded with every service deployed and gated, else what went wrong."""
    c, final = tracked.counts, tracked.final
    if final.get("type") != "deployment-succeeded":
        return f"{final.get('type')}: {json.dumps(final.get('payload'))[:300]}"
    missing = [k for k in ("service-deploy-succeeded", "health-gate-passed") if c[k] != services]
    return f"expected {services} of each, got " + ", ".join(f"{k} {c[k]}" for k in missing) if missing else ""


def wave_phases(tracked: Tracked) -> dict[str, float]:
    """Where a wave's time goes, in ms, averaged over the waves, from the events' own occurred_at: from
    stage-started to its first and last command outcome, then to its last gate passed, then to stage-succeeded."""
    sums: defaultdict[str, float] = defaultdict(float)
    waves, started = 0, 0.0
    outcomes: list[float] = []
    gates: list[float] = []
    for at, kind in tracked.timeline:
        if kind == "deploy-requested":
            sums["request -> deployment-started"] -= at * 1000
        elif kind == "deployment-started":
            sums["request -> deployment-started"] += at * 1000
        elif kind == "stage-started":
            started, outcomes, gates = at, [], []
        elif kind == "service-deploy-succeeded":
            outcomes.append(at)
        elif kind == "health-gate-passed":
            gates.append(at)
        elif kind == "stage-succeeded" and outcomes and gates:
            waves += 1
            sums["stage-started -> first command done"] += (outcomes[0] - started) * 1000
            sums["stage-started -> last command done"] += (outcomes[-1] - started) * 1000
            sums["last command done -> last gate passed"] += (gates[-1] - outcomes[-1]) * 1000
            sums["last gate passed -> stage-succeeded"] += (at - gates[-1]) * 1000
            sums["stage-started -> stage-succeeded"] += (at - started) * 1000
    return {k: v / (waves if k.startswith(("stage", "last")) else 1) for k, v in sums.items()} if waves else {}


@contextlib.asynccontextmanager
async def watching(url: str, stream: str) -> AsyncIterator[StreamWatcher]:
    redis = Redis.from_url(url)
    watcher = StreamWatcher(redis, stream)
    task = asyncio.create_task(watcher.follow())
    try:
        yield watcher
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await redis.aclose()


@contextlib.asynccontextmanager
async def reporting(label: str, tracked: Tracked, waves: int, services: int, every: float = 1.0) -> AsyncIterator[None]:
    """A progress line on stderr every `every` seconds while the block runs: waves done, commands, gates."""
    started = time.perf_counter()

    async def report() -> None:
        while True:
            await asyncio.sleep(every)
            c = tracked.counts
            print(
                f"      .. {label}: {time.perf_counter() - started:5.1f}s  waves {c['stage-succeeded']}/{waves}"
                f"  commands {c['service-deploy-succeeded']}/{services}  gates {c['health-gate-passed']}/{services}",
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
