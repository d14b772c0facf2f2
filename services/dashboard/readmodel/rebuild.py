"""The read model is built from the events alone, so it can always be built again: when its marker is missing (a
Redis that lost the keys, a flush, a cleanup), every event still on the stream is folded in again, oldest first.

The consumer group goes on meanwhile: both paths apply through the same idempotent writer, so an event applied by
both lands once. A dashboard whose group is new reads the whole stream through the group as well; the rebuild then
repeats that work once, which is the price of never serving a model that silently lacks history. Meanwhile the
replica says it is not ready (/health/ready, check `read_model`), with how far the rebuild has come."""

import asyncio
import contextlib
import gc
import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import Protocol, cast, runtime_checkable

from redis.asyncio import Redis

from services.dashboard.domain.readiness import read_model_readiness
from shared.bus.codec import entry_data
from shared.events import Event, EventError, parse_event
from shared.keys.dashboard import DashboardKeys
from shared.runtime import ServiceContext
from shared.streams import Keys
from shared.text import text

log = logging.getLogger("flightdeck.dashboard")
BATCH = 1000
LOOK_EVERY_S = 30.0


class Folds(Protocol):
    """What folds an event into the read model (readmodel/projector.Projector; a part of it in tests)."""

    async def apply(self, event: Event) -> object: ...


@runtime_checkable
class FoldsRuns(Protocol):
    """A writer that folds consecutive events of one deployment at once, as apply() would one by one (the
    Projector): the rebuild hands it each page's runs, a few round trips per deployment instead of per event."""

    async def apply(self, event: Event) -> object: ...

    async def apply_run(self, events: Sequence[Event]) -> None: ...


def runs(events: Sequence[Event]) -> list[list[Event]]:
    """The events in order, cut where the deployment changes (events of no deployment are runs of their own)."""
    found: list[list[Event]] = []
    for event in events:
        if found and event.deployment_id and found[-1][-1].deployment_id == event.deployment_id:
            found[-1].append(event)
        else:
            found.append([event])
    return found


def _untold(_: int) -> None:
    pass


async def rebuild(redis: Redis, keys: Keys, writer: Folds, progress: Callable[[int], None] = _untold) -> int:
    """Folds every event on the stream into the read model, then marks it built; how many events it applied
    (told to `progress` as it goes)."""
    own = DashboardKeys.of(keys)
    started, applied, after = time.monotonic(), 0, "-"
    while True:
        entries = cast(
            list[tuple[bytes, dict[bytes, bytes]]],
            await redis.xrange(keys.events, min=after if after == "-" else f"({after}", count=BATCH),
        )
        events = []
        for entry_id, fields in entries:
            after = text(entry_id)
            data = entry_data(fields)
            try:
                event = parse_event(data) if data is not None else None
            except EventError:  # the services dead-letter it; the read model just has nothing to fold
                event = None
            if event is not None:
                events.append(event)
        for run in runs(events) if isinstance(writer, FoldsRuns) else [[event] for event in events]:
            if len(run) > 1 and isinstance(writer, FoldsRuns):
                await writer.apply_run(run)
            else:
                await writer.apply(run[0])
            applied += len(run)
            progress(applied)
        if len(entries) < BATCH:
            break
        if applied and applied % (BATCH * 10) == 0:
            log.info("rebuilding the read model: %d events so far, at %s", applied, after)
    marker = {"at": time.time(), "through": after, "events": applied}
    await redis.set(own.built, json.dumps(marker))
    log.info("read model rebuilt from the stream: %d events in %.1fs", applied, time.monotonic() - started)
    return applied


def settle_heap() -> None:
    """Collects what starting (and a rebuild) left over, then freezes what is left: those objects live as long as
    the process, and a full collection that walks them all pauses every request and live client for 70-100 ms,
    several times a second under load; frozen, it walks only what came after (a fraction of a millisecond)."""
    gc.collect()
    gc.freeze()


class Keeper:
    """Keeps the read model built: looks for the marker now and then, and rebuilds when it is gone. A readiness
    probe that finds it gone wakes the keeper, so the rebuild starts then, not at the next look."""

    def __init__(self, redis: Redis, keys: Keys, writer: Folds, every_s: float = LOOK_EVERY_S) -> None:
        self.redis, self.keys, self.writer, self.every_s = redis, keys, writer, every_s
        self.rebuilding: int | None = None  # the events folded so far while a rebuild runs
        self._wake = asyncio.Event()
        self._settled = False  # the heap frozen once, after the first look (and rebuild)

    async def run(self) -> None:
        """Background work, for as long as the service runs."""
        while True:
            if not await self.redis.exists(DashboardKeys.of(self.keys).built):
                log.warning("the read model's marker is missing (new or lost keys): rebuilding it from the stream")
                self.rebuilding = 0
                try:
                    await rebuild(self.redis, self.keys, self.writer, self._progress)
                finally:
                    self.rebuilding = None
            if not self._settled:
                settle_heap()
                self._settled = True
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.every_s):
                    await self._wake.wait()

    def _progress(self, applied: int) -> None:
        self.rebuilding = applied

    async def read_model(self) -> dict[str, str]:
        """The readiness check: ready once the model is built, not while it is missing or being rebuilt."""
        built = bool(await self.redis.exists(DashboardKeys.of(self.keys).built))
        if not built and self.rebuilding is None:
            self._wake.set()
        return {"read_model": read_model_readiness(built, self.rebuilding)}


async def keep_built(redis: Redis, keys: Keys, writer: Folds, every_s: float = LOOK_EVERY_S) -> None:
    """Background work: looks for the marker now and then, and rebuilds when it is gone."""
    await Keeper(redis, keys, writer, every_s).run()


def keep_model_built(context: ServiceContext, writer: Folds) -> Keeper:
    """The keeper as the service runs it: background work, and a check of /health/ready."""
    keeper = Keeper(context.redis, context.keys, writer)
    context.background.append(keeper.run)
    context.checks.append(keeper.read_model)
    return keeper
