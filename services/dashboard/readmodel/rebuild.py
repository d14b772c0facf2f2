"""The read model is built from the events alone, so it can always be built again: when its marker is missing (a
Redis that lost the keys, a flush, a cleanup), every event still on the stream is folded in again, oldest first.

The consumer group goes on meanwhile: both paths apply through the same idempotent writer, so an event applied by
both lands once. A dashboard whose group is new reads the whole stream through the group as well; the rebuild then
repeats that work once, which is the price of never serving a model that silently lacks history."""

import asyncio
import json
import logging
import time
from typing import Protocol, cast

from redis.asyncio import Redis

from shared.bus.codec import entry_data
from shared.events import Event, EventError, parse_event
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from shared.text import text

log = logging.getLogger("flightdeck.dashboard")
BATCH = 1000
LOOK_EVERY_S = 30.0


class Folds(Protocol):
    """What folds an event into the read model (readmodel/projector.Projector; a part of it in tests)."""

    async def apply(self, event: Event) -> object: ...


async def rebuild(redis: Redis, keys: Keys, writer: Folds) -> int:
    """Folds every event on the stream into the read model, then marks it built; how many events it applied."""
    own = DashboardKeys.of(keys)
    started, applied, after = time.monotonic(), 0, "-"
    while True:
        entries = cast(
            list[tuple[bytes, dict[bytes, bytes]]],
            await redis.xrange(keys.events, min=after if after == "-" else f"({after}", count=BATCH),
        )
        for entry_id, fields in entries:
            after = text(entry_id)
            data = entry_data(fields)
            try:
                event = parse_event(data) if data is not None else None
            except EventError:  # the services dead-letter it; the read model just has nothing to fold
                event = None
            if event is not None:
                await writer.apply(event)
                applied += 1
        if len(entries) < BATCH:
            break
        if applied and applied % (BATCH * 10) == 0:
            log.info("rebuilding the read model: %d events so far, at %s", applied, after)
    marker = {"at": time.time(), "through": after, "events": applied}
    await redis.set(own.built, json.dumps(marker))
    log.info("read model rebuilt from the stream: %d events in %.1fs", applied, time.monotonic() - started)
    return applied


async def keep_built(redis: Redis, keys: Keys, writer: Folds, every_s: float = LOOK_EVERY_S) -> None:
    """Background work: looks for the marker now and then, and rebuilds when it is gone."""
    own = DashboardKeys.of(keys)
    while True:
        if not await redis.exists(own.built):
            log.warning("the read model's marker is missing (new or lost keys): rebuilding it from the stream")
            await rebuild(redis, keys, writer)
        await asyncio.sleep(every_s)
