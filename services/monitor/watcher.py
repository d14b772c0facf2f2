"""Watches every service of every environment and reports real health transitions, with the probable root cause.

Each target is probed at its plan interval (faster while a deployment bakes) by whichever replica holds its
lease. Trackers (health with hysteresis) live in memory while held and are saved to Redis once a tick in one
round trip, so a replica that takes a target over continues its counts. Redis work per tick does not grow with
the number of probes: one lease script, one read of trackers newly held, one read of bake windows, one write.
"""

import asyncio
import logging
import time
import zlib

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import HealthDegraded, HealthRecovered
from shared.plan.cache import PlanCache
from shared.streams import Keys

from .domain.correlation import blame
from .domain.health import BAD, Tracker, Transition, observe
from .metrics import Recorder
from .sampling import Probe, sample_of
from .targets import Target, targets

log = logging.getLogger("flightdeck.monitor.watch")
_HOLD = """
local held = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == false or owner == ARGV[1] then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[i + 1])
    held[#held + 1] = i
  end
end
return held
"""


def spread(key: str, interval_s: float) -> float:
    return zlib.crc32(key.encode()) % 1000 / 1000 * interval_s


def next_due(previous: float | None, interval_s: float, now: float) -> float:
    """On the target's own beat (no drift from late ticks), unless a whole interval was missed."""
    if previous is None or previous + interval_s <= now:
        return now + interval_s
    return previous + interval_s


class Watcher:
    def __init__(self, redis: "Redis", keys: Keys, publisher: EventPublisher, plans: PlanCache, probe: Probe,
                 me: str, recorder: Recorder) -> None:
        self.redis, self.keys, self.publisher, self.plans, self.probe = redis, keys, publisher, plans, probe
        self.recorder = recorder
        self.me = me
        self._hold = redis.register_script(_HOLD)
        self._due: dict[str, float] = {}
        self._trackers: dict[str, Tracker] = {}
        self._dirty: set[str] = set()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._watched: tuple[str, list[Target]] = ("", [])  # by plan digest: resolving every tick is wasted work

    def tracker_key(self, target_key: str) -> str:
        return f"{self.keys.prefix}:monitor:health:{target_key}"

    def bake_key(self, environment: str) -> str:
        return f"{self.keys.prefix}:monitor:bake:{environment}"

    async def run_forever(self, tick_s: float = 0.1) -> None:
        while True:
            try:
                await self._tick(time.time())
            except Exception:
                log.exception("a watch tick failed; trying again")
            await asyncio.sleep(tick_s)

    async def _tick(self, now: float) -> None:
        watched = await self._targets()
        for target in watched:  # spread first probes over the interval, so 1,000 targets do not fire at once
            self._due.setdefault(target.key, now + spread(target.key, target.interval_s))
        due = [t for t in watched if self._due[t.key] <= now and t.key not in self._tasks]
        held = await self._held(due)
        await self._load([t.key for t in held if t.key not in self._trackers])
        baking = await self._baking({t.environment for t in held}, now)
        for target in held:
            fast = (target.environment, target.service) in baking
            interval = min(target.interval_s, target.bake_interval_s) if fast else target.interval_s
            self._due[target.key] = next_due(self._due.get(target.key), interval, now)
            task = asyncio.create_task(self._probe(target))
            self._tasks[target.key] = task
            task.add_done_callback(lambda _, key=target.key: self._tasks.pop(key, None))
        await self._save()

    async def _targets(self) -> list[Target]:
        stored = await self.plans.current()
        if stored is None:
            return []
        if self._watched[0] != stored.sha256:
            self._watched = (stored.sha256, targets(stored.plan))
        return self._watched[1]

    async def _held(self, due: list[Target]) -> list[Target]:
        if not due:
            return []
        keys = [f"{self.keys.prefix}:monitor:watch:{t.key}" for t in due]
        leases = [int((3 * t.interval_s + t.timeout_s) * 1000) for t in due]
        held = {int(i) - 1 for i in await self._hold(keys=keys, args=[self.me, *leases])}
        for i, target in enumerate(due):
            if i not in held:  # someone else probes it: our counts would be stale when we get it back
                self._trackers.pop(target.key, None)
        return [due[i] for i in sorted(held)]

    async def _load(self, target_keys: list[str]) -> None:
        if target_keys:
            raws = await self.redis.mget([self.tracker_key(k) for k in target_keys])
            for key, raw in zip(target_keys, raws, strict=True):
                self._trackers[key] = Tracker.model_validate_json(raw) if raw else Tracker()

    async def _baking(self, environments: set[str], now: float) -> set[tuple[str, str]]:
        found = set()
        for environment in environments:
            for service, until in (await self.redis.hgetall(self.bake_key(environment))).items():
                if float(until) > now:
                    found.add((environment, service.decode()))
        return found

    async def _save(self) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for key in self._dirty:
            pipe.set(self.tracker_key(key), self._trackers[key].model_dump_json(), ex=86400)
        self._dirty.clear()
        self.recorder.flush(pipe)
        if len(pipe):
            await pipe.execute()

    async def _probe(self, target: Target) -> None:
        try:
            result = await self.probe(target.url, target.timeout_s)
            tracker = self._trackers.setdefault(target.key, Tracker())
            change = observe(tracker, sample_of(result), target.passes_to_ready, target.failures_to_degraded)
            self._dirty.add(target.key)
            if change:
                await self._save()  # others computing blame must see this state
                await self._report(target, tracker, change)
            await self.recorder.record(target, result)
        except Exception:
            log.exception("watching %s failed; trying again next interval", target.key)

    async def _report(self, target: Target, tracker: Tracker, change: Transition) -> None:
        stored = await self.plans.current()
        graph = {name: list(s.depends_on) for name, s in stored.plan.services.items()} if stored else {}
        found = blame(target.service, graph, await self._bad(target.environment, graph))
        payload = {
            "status": change.current.value, "previous_status": change.previous.value,
            "evidence": [{"ok": s != "fail", "latency_ms": ms, "reason": why} for s, ms, why in tracker.recent[-5:]],
            "error_rate": tracker.error_rate(), "latency_p95_ms": tracker.latency(95),
            "root_cause": found.root_cause if change.worse else None,
            "impacted": found.impacted if change.worse else [],
        }
        event_type = HealthDegraded if change.worse else HealthRecovered
        await self.publisher.publish(event_type(service=target.service, environment=target.environment,
                                                payload=payload, producer="monitor"))
        log.info("%s %s: %s -> %s", target.environment, target.service, change.previous, change.current)

    async def _bad(self, environment: str, graph: dict[str, list[str]]) -> set[str]:
        names = list(graph)
        raws = await self.redis.mget([self.tracker_key(f"{environment}/{n}") for n in names])
        return {n for n, raw in zip(names, raws, strict=True) if raw and Tracker.model_validate_json(raw).state in BAD}
