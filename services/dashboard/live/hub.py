"""One reader of the events stream per dashboard process, fanning each event out to the live clients that watch it.

The reader is a plain XREAD (no consumer group: every replica sees every event, and nothing needs acknowledging).
Each client has a bounded queue; a client whose queue is full is dropped with the reason, so one slow browser never
slows the others or grows the process's memory without bound. The hub reads on from its own position after a Redis
outage, so the clients connected through it miss nothing."""

import asyncio
import logging
from collections.abc import Iterable
from typing import cast

from prometheus_client import Counter, Gauge
from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.text import text

from .frames import LiveEvent, live_event
from .interest import Interest

log = logging.getLogger("flightdeck.dashboard")
QUEUE = 10_000  # events a client may be behind before it is dropped (minutes at a busy team's rate)
BATCH = 500
BLOCK_MS = 1000

CLIENTS = Gauge("flightdeck_dashboard_live_clients", "Live clients connected, by transport", ["transport"])
DROPPED = Counter("flightdeck_dashboard_live_dropped_total", "Live clients dropped for falling behind", ["transport"])
DELIVERED = Counter("flightdeck_dashboard_live_events_total", "Events queued to live clients", ["transport"])


class Subscriber:
    """One live client's place in the hub: what it watches, what waits for it, and why it was dropped."""

    def __init__(self, interest: Interest, transport: str, size: int = QUEUE) -> None:
        self.interest, self.transport = interest, transport
        self.queue: asyncio.Queue[LiveEvent] = asyncio.Queue(size)
        self.dropped: str | None = None
        self.gone = asyncio.Event()  # set when dropped: the connection's writer stops

    def offer(self, event: LiveEvent) -> None:
        if self.dropped is not None or not self.interest.wants(event):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.dropped = (
                f"too slow: {self.queue.qsize()} events behind; reconnect with the last id you saw to read on"
            )
            self.gone.set()
            DROPPED.labels(self.transport).inc()
            watching = self.interest.describe()
            log.warning("dropped a live %s client watching %s: %s", self.transport, watching, self.dropped)
            return
        DELIVERED.labels(self.transport).inc()


class Hub:
    def __init__(self, redis: Redis, stream: str, *, queue_size: int = QUEUE) -> None:
        self.redis, self.stream, self.queue_size = redis, stream, queue_size
        self.subscribers: set[Subscriber] = set()
        self.position: str | None = None  # the last id read; None before the first read
        self.ready = asyncio.Event()  # set once the hub knows where it reads from

    def subscribe(self, interest: Interest, transport: str) -> Subscriber:
        """From now on, every event the hub reads that `interest` wants is queued for the client."""
        subscriber = Subscriber(interest, transport, self.queue_size)
        self.subscribers.add(subscriber)
        CLIENTS.labels(transport).inc()
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        if subscriber in self.subscribers:
            self.subscribers.discard(subscriber)
            CLIENTS.labels(subscriber.transport).dec()

    def fan_out(self, events: Iterable[LiveEvent]) -> None:
        """Synchronous: an event read is queued to every subscriber there is before anyone else runs, which is
        what lets a client that subscribes and then reads the stream's history miss nothing."""
        subscribers = tuple(self.subscribers)
        for event in events:
            for subscriber in subscribers:
                subscriber.offer(event)

    async def start_position(self) -> str:
        """The stream's last entry now: live clients see what comes after."""
        last = cast(list[tuple[bytes, dict[bytes, bytes]]], await self.redis.xrevrange(self.stream, count=1))
        return text(last[0][0]) if last else "0-0"

    async def run(self) -> None:
        """Background work for the process's life."""
        pause = 0.1
        while True:
            try:
                if self.position is None:
                    self.position = await self.start_position()
                    self.ready.set()
                await self.read_once()
                pause = 0.1
            except RedisError as error:
                log.warning("live updates cannot read the events stream (%s): trying again in %.1fs", error, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 5.0)

    async def read_once(self) -> None:
        assert self.position is not None
        found = cast(
            list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None,
            await self.redis.xread({self.stream: self.position}, count=BATCH, block=BLOCK_MS),
        )
        for _, entries in found or []:
            batch = []
            for entry_id, fields in entries:
                self.position = text(entry_id)
                event = live_event(entry_id, fields)
                if event is not None:
                    batch.append(event)
            self.fan_out(batch)
