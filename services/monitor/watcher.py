"""Watches every service of every environment and reports real health transitions, with the probable root cause.

Each target is probed at its plan interval (faster while a deployment bakes) by whichever replica holds its
lease; its health.detailed too while a deployment bakes it, while its ready probe fails, and while it is bad
(domain/detailed.py). Trackers (health with hysteresis) live in memory while held and are saved to Redis once a
tick in one round trip, so a replica that takes a target over continues its counts. Redis work per tick does not
grow with the number of probes: one lease script, one read of trackers newly held, one read of windows, one write.
What the plan asks to watch and the monitor cannot is reported (unwatched.py), never skipped in silence.
"""

import asyncio
import functools
import logging
import time

from redis.asyncio import Redis

from shared.backoff import Backoff
from shared.bus.publisher import EventPublisher
from shared.streams import Keys
from shared.tasks import cancel_all

from .domain.detailed import combine, unhelpful, wanted
from .domain.health import BAD, Tracker, Transition, observe
from .domain.schedule import next_due, spread
from .health_report import HealthReporter
from .metrics import Recorder
from .plans import MonitorPlans
from .sampling import Probe, sample_of
from .targets import Target, Watchlist, watchlist
from .trackers import HeldTrackers
from .unwatched import UnwatchedReport
from .windows import Windows

log = logging.getLogger("flightdeck.monitor.watch")


class Watcher:
    def __init__(
        self,
        redis: "Redis",
        keys: Keys,
        publisher: EventPublisher,
        plans: MonitorPlans,
        probe: Probe,
        me: str,
        recorder: Recorder,
    ) -> None:
        self.redis, self.keys, self.plans, self.probe = redis, keys, plans, probe
        self.recorder = recorder
        self.me = me
        self.windows = Windows(redis, keys)
        self.reporter = HealthReporter(redis, keys, publisher)
        self.unwatched = UnwatchedReport()
        self.trackers = HeldTrackers(redis, keys, me, recorder)
        self._due: dict[str, float] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._watched: tuple[str, Watchlist] = ("", Watchlist())  # by plan digest: resolving every tick is wasted
        self._graph: dict[str, list[str]] = {}  # depends_on of the plan watched, for root causes
        self._unhelpful: set[tuple[str, str]] = set()  # (target, reason) of detailed answers logged as unusable

    async def run_forever(self, tick_s: float = 0.1) -> None:
        """Ticks until cancelled; outlives Redis going away (logs, waits longer each tick in a row that failed)."""
        backoff = Backoff(first=0.5, most=10.0)
        try:
            while True:
                try:
                    await self._tick(time.time())
                except Exception:
                    delay = max(tick_s, backoff.next())
                    log.exception("a watch tick failed; trying again in %.1fs", delay)
                else:
                    backoff.reset()
                    delay = tick_s
                await asyncio.sleep(delay)
        finally:  # what it started stops with it (see shared/tasks.py)
            await cancel_all(list(self._tasks.values()))

    async def _tick(self, now: float) -> None:
        watched = await self._targets()
        for target in watched:  # spread first probes over the interval, so 1,000 targets do not fire at once
            self._due.setdefault(target.key, now + spread(target.key, target.interval_s))
        due = [t for t in watched if self._due[t.key] <= now and t.key not in self._tasks]
        held = await self.trackers.hold(due)
        baking, closely = await self.windows.read({t.environment for t in held}, now)
        for target in held:
            fast = (target.environment, target.service) in baking
            interval = min(target.interval_s, target.bake_interval_s) if fast else target.interval_s
            self._due[target.key] = next_due(self._due.get(target.key), interval, now)
            task = asyncio.create_task(self._probe(target, (target.environment, target.service) in closely))
            self._tasks[target.key] = task
            task.add_done_callback(functools.partial(self._probed, target.key))
        await self.trackers.save()

    async def _targets(self) -> list[Target]:
        stored = await self.plans.current()
        if self.plans.error is not None:
            self.unwatched.invalid(self.plans.error, stored)
        if stored is None:
            return []
        if self._watched[0] != stored.sha256:
            self._watched, self._unhelpful = (stored.sha256, watchlist(stored.plan)), set()
            self._graph = {name: list(s.depends_on) for name, s in stored.plan.services.items()}
        if self.plans.error is None:
            self.unwatched.update(stored.sha256, stored.revision, self._watched[1].unwatched)
        return self._watched[1].targets

    def _probed(self, target_key: str, _: "asyncio.Task[None]") -> None:
        self._tasks.pop(target_key, None)

    async def _probe(self, target: Target, closely: bool) -> None:
        try:
            result = await self.probe(target.url, target.timeout_s)
            before = self.trackers.get(target.key)
            tracker = before.model_copy()  # observe replaces `recent`, never changes it: a shallow copy is enough
            sample = sample_of(result)
            if target.detailed_url and wanted(closely, sample, tracker.state in BAD):
                detailed = sample_of(await self.probe(target.detailed_url, target.timeout_s))
                self._unusable(target, unhelpful(detailed))
                sample = combine(sample, detailed)
            change = observe(tracker, sample, target.passes_to_ready, target.failures_to_degraded)
            self.trackers.put(target.key, tracker)
            if change:
                await self._reported(target, before, tracker, change)
            await self.recorder.record(target, result)
        except Exception:
            log.exception("watching %s failed; trying again next interval", target.key)

    async def _reported(self, target: Target, before: Tracker, tracker: Tracker, change: Transition) -> None:
        """Saves and reports a transition; if either fails the tracker goes back to `before`, so the next probe
        makes the transition again and it is reported then, not lost."""
        try:
            await self.trackers.save()  # others computing blame must see this state
            await self.reporter.report(target, tracker, change, self._graph)
        except BaseException:
            self.trackers.undo(target.key, tracker, before)
            raise

    def _unusable(self, target: Target, reason: str | None) -> None:
        if reason and (target.key, reason) not in self._unhelpful:
            self._unhelpful.add((target.key, reason))
            log.warning(
                "%s's health.detailed answered without naming a failing check (%s); its ready probe decides",
                target.key,
                reason,
                extra={"environment": target.environment, "field": "health.detailed"},
            )
