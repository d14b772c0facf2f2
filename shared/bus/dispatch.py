"""Handles a batch of stream entries for one service: parse, run handlers, then dead-letter at once and say what
to acknowledge.

One key's events (a deployment's, or a service's) run in order; different keys run side by side. An entry is
acknowledged only after its handler returned; a failed one stays pending for reclaim to retry. A dead letter is
written together with its entry's ack; the others' acks are the caller's (shared/bus/reader.py sends them with
its next read, in the same round trip).
"""

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis

from shared import logs
from shared.events import EventError, parse_event
from shared.streams import Keys

from . import metrics
from .codec import TYPE_FIELD, entry_data
from .deadletter import dead_letter_fields
from .delivery import Disposition, EntryFate, after_failure, before_handling, failure_note, in_order_groups
from .handlers import Handlers
from .items import Item, by_deployment

log = logging.getLogger("flightdeck.bus")


class Dispatcher:
    def __init__(
        self,
        redis: "Redis",
        *,
        keys: Keys,
        service: str,
        consumer: str,
        handlers: Handlers,
        max_attempts: int,
        concurrency: int,
        handler_timeout: float,
        dead_letter_maxlen: int,
        order_key: Callable[[Item], str] = by_deployment,
    ) -> None:
        self.order_key = order_key
        self.redis, self.keys, self.service, self.consumer = redis, keys, service, consumer
        self.handlers = handlers
        self.max_attempts = max_attempts
        self.handler_timeout = handler_timeout
        self.dead_letter_maxlen = dead_letter_maxlen
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[asyncio.Task[object]] = set()

    @property
    def in_flight(self) -> list["asyncio.Task[object]"]:
        """The tasks dispatching a batch now: a stop waits for them before closing what they use."""
        return list(self._in_flight)

    async def dispatch(
        self, stream: str, ids: list[bytes], entries: list[dict[bytes, bytes]], *, reclaimed: bool
    ) -> list[str]:
        """Handles the batch; returns the ids the caller acknowledges (handled, or ignored)."""
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            return await self._dispatch(stream, ids, entries, reclaimed)
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _dispatch(
        self, stream: str, ids: list[bytes], entries: list[dict[bytes, bytes]], reclaimed: bool
    ) -> list[str]:
        items = [Item(i.decode(), fields) for i, fields in zip(ids, entries, strict=True)]
        if reclaimed:
            await self._count_deliveries(stream, items)
        runnable = [item for item in items if self._prepare(item)]
        await asyncio.gather(*(self._run_in_order(group) for group in in_order_groups(runnable, self.order_key)))
        return await self._settle(stream, items)

    async def _count_deliveries(self, stream: str, items: list[Item]) -> None:
        metrics.EVENTS_RECLAIMED.labels(self.service).inc(len(items))
        for item in items:
            pending = await self.redis.xpending_range(stream, self.service, item.entry_id, item.entry_id, 1)
            item.attempt = int(pending[0]["times_delivered"]) if pending else 1

    def _prepare(self, item: Item) -> bool:
        """Decides what needs no handler: too many deliveries, unparseable, or a type this service ignores."""
        early = before_handling(item.attempt, self.max_attempts)
        if early:
            item.fate = early
            return False
        kind = item.fields.get(TYPE_FIELD)
        if kind is not None and self.handlers.ignores(kind.decode(errors="replace")):
            return False  # a type this service does not handle, as the entry's type field says: acked unread
        data = entry_data(item.fields)
        try:
            item.event = parse_event(data if data is not None else _as_text(item.fields))
        except EventError as exc:
            item.fate = EntryFate(Disposition.DEAD, exc.reason, str(exc))
            return False
        return self.handlers.handles(item.event)

    async def _run_in_order(self, group: list[Item]) -> None:
        async with self._slots:
            for item in group:
                await self._run(item)

    async def _run(self, item: Item) -> None:
        event = item.event
        assert event is not None
        token = logs.bind(
            event_id=event.event_id,
            event_type=event.type,
            deployment_id=event.deployment_id,
            service_name=event.service,
            attempt=item.attempt,
        )
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.handler_timeout):
                await self.handlers.handle(event)
        except Exception as exc:
            item.fate = after_failure(item.attempt, self.max_attempts, exc)
            metrics.EVENTS_FAILED.labels(self.service, event.type).inc()
            log.warning(failure_note(item.attempt, self.max_attempts, item.fate), exc_info=exc)
        else:
            metrics.EVENTS_CONSUMED.labels(self.service, event.type).inc()
        finally:
            metrics.HANDLER_SECONDS.labels(self.service, event.type).observe(time.perf_counter() - started)
            logs.unbind(token)

    async def _settle(self, stream: str, items: list[Item]) -> list[str]:
        """Writes the dead letters with their entries' acks; returns the ids left to acknowledge."""
        dead = [item for item in items if item.fate.disposition is Disposition.DEAD]
        acks = [item.entry_id for item in items if item.fate.disposition is Disposition.ACK]
        if not dead:
            return acks
        now = datetime.now(UTC)
        pipe = self.redis.pipeline(transaction=True)  # a dead letter is written if and only if its entry is acked
        for item in dead:
            record = dead_letter_fields(
                entry_id=item.entry_id,
                fields=item.fields,
                source=stream,
                group=self.service,
                consumer=self.consumer,
                attempt=item.attempt,
                fate=item.fate,
                now=now,
            )
            pipe.xadd(self.keys.dead_letters, record, maxlen=self.dead_letter_maxlen, approximate=True)  # type: ignore[arg-type]
        pipe.xack(stream, self.service, *(item.entry_id for item in dead))
        await pipe.execute()
        for item in dead:
            metrics.EVENTS_DEAD.labels(self.service, item.fate.reason).inc()
            log.error(
                "dead-lettered %s: %s",
                item.entry_id,
                item.fate.error,
                extra={"reason": item.fate.reason, "entry_id": item.entry_id},
            )
        return acks


def _as_text(fields: dict[bytes, bytes]) -> dict[str, str]:
    """An entry written without our codec, read as plain fields so the error can say what is missing."""
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in fields.items()}
