"""Feeds a Dispatcher from its service's consumer group, in two loops of plain redis-py commands: new entries
(XREADGROUP, blocking), and entries that stayed pending past the idle time (XAUTOCLAIM): a dead replica's, and ones
whose handler failed.

Our own loops rather than FastStream's subscribers: FastStream's consume path cost about 0.4 CPU-ms per batch on
top of the two commands, and at a few hundred events a second every event is a batch of its own. FastStream still
documents what each service consumes (shared/bus/subscription.py, the AsyncAPI documents).

A handled batch's acks ride on the next read (XACK and XREADGROUP in one pipeline, one round trip): the ack
reaches Redis as early as it would alone, and a batch costs one round trip of the reader's instead of two.

A group that is gone (NOGROUP: Redis flushed, or restarted without its data) stops the loop that met it; `running`
turns false, and the runtime's watch makes the group again and calls `start()`, which restarts stopped loops.
Any other failure (Redis away, a command refused) is logged and retried with backoff; what was read and not
acknowledged stays pending and is reclaimed.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.backoff import Backoff
from shared.tasks import cancel_all

from .dispatch import Dispatcher

log = logging.getLogger("flightdeck.broker")  # quieted with FastStream's while Redis is away (shared/logs.py)
BLOCK_MS = 100  # a blocked read gives its connection back this often


def polling_interval_s(reclaim_idle_s: float) -> float:
    """How often the reclaim loop scans once it found nothing: a quarter of the idle time, within 50 ms and 1 s."""
    return max(0.05, min(1.0, reclaim_idle_s / 4))


class GroupReader:
    def __init__(
        self,
        redis: "Redis",
        dispatcher: Dispatcher,
        *,
        stream: str,
        batch_size: int,
        reclaim_idle_s: float,
        block_ms: int = BLOCK_MS,
    ) -> None:
        self.redis, self.dispatcher, self.stream = redis, dispatcher, stream
        self.group, self.consumer = dispatcher.service, dispatcher.consumer
        self.batch_size, self.block_ms = batch_size, block_ms
        self.idle_ms = max(1, int(reclaim_idle_s * 1000))
        self.poll_s = polling_interval_s(reclaim_idle_s)
        self._cursor: bytes | str = "0-0"
        self._acks: list[str] = []  # handled, to acknowledge with the next read
        self._loops: dict[str, asyncio.Task[None]] = {}

    @property
    def running(self) -> bool:
        """Both loops started and neither stopped (a gone group stops one)."""
        return len(self._loops) == 2 and not any(task.done() for task in self._loops.values())

    async def start(self) -> None:
        """Starts the loops that are not running: both at first, the stopped ones after a group was made again."""
        for name, read in (("consume", self._read_new), ("reclaim", self._reclaim)):
            task = self._loops.get(name)
            if task is None or task.done():
                self._loops[name] = asyncio.create_task(self._keep(name, read), name=f"{self.group}-{name}")

    async def stop(self) -> None:
        """Stops reading; a batch being handled is cancelled with it and its entries stay pending for reclaim.
        What was handled is acknowledged (when Redis answers: else it is handled again, at least once)."""
        loops, self._loops = list(self._loops.values()), {}
        await cancel_all(loops)
        if self._acks:
            try:
                await self.redis.xack(self.stream, self.group, *self._acks)
                self._acks = []
            except Exception as exc:
                log.warning("could not acknowledge %d handled entries on stopping", len(self._acks), exc_info=exc)

    async def _keep(self, name: str, read: Callable[[], Awaitable[None]]) -> None:
        backoff = Backoff(first=0.1, most=5.0)
        while True:
            try:
                await read()
                backoff.reset()
            except ResponseError as exc:
                if "NOGROUP" in str(exc):
                    log.critical(
                        "the consumer group %s of %s is gone (Redis flushed, or restarted without its data); "
                        "%s stops until the group is made again",
                        self.group,
                        self.stream,
                        name,
                        extra={"stream": self.stream, "consumer": self.consumer},
                    )
                    return
                await self._failed(name, exc, backoff)
            except Exception as exc:
                await self._failed(name, exc, backoff)

    async def _failed(self, name: str, exc: Exception, backoff: Backoff) -> None:
        delay = backoff.next()
        log.error(
            "%s of %s failed; trying again in %.1fs",
            name,
            self.stream,
            delay,
            exc_info=exc,
            extra={"stream": self.stream, "consumer": self.consumer},
        )
        await asyncio.sleep(delay)

    async def _read_new(self) -> None:
        count, block = self.batch_size, self.block_ms
        if self._acks:
            acks = list(self._acks)
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.xack(self.stream, self.group, *acks)
                pipe.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=count, block=block)
                _, reply = await pipe.execute()
            del self._acks[: len(acks)]  # only once Redis answered: a read that failed sends them again
        else:
            reply = await self.redis.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=count, block=block)
        for _stream, entries in reply or ():
            if entries:
                self._acks.extend(await self._hand(entries, reclaimed=False))

    async def _reclaim(self) -> None:
        """One XAUTOCLAIM step from where the last one ended; after a whole pass, a pause."""
        next_id, claimed, *_ = await self.redis.xautoclaim(
            self.stream, self.group, self.consumer, self.idle_ms, start_id=self._cursor, count=self.batch_size
        )
        self._cursor = next_id
        entries = [(entry_id, fields) for entry_id, fields in claimed if entry_id is not None]
        if entries and (acks := await self._hand(entries, reclaimed=True)):
            await self.redis.xack(self.stream, self.group, *acks)  # now: the reclaim loop reads again only later
        if next_id in (b"0-0", "0-0"):
            await asyncio.sleep(self.poll_s)

    async def _hand(self, entries: list[tuple[bytes, dict[bytes, bytes]]], *, reclaimed: bool) -> list[str]:
        ids = [entry_id for entry_id, _ in entries]
        return await self.dispatcher.dispatch(self.stream, ids, [fields for _, fields in entries], reclaimed=reclaimed)
