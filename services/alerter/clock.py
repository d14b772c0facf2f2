"""The alerter's clock: takes the work that falls due (group flushes, escalations, sends) and runs each piece at
once, at most WORK_AT_ONCE together. Any replica may take any entry; what it leaves unfinished is taken again when
its lease ends. It outlives Redis: a take that fails waits (backing off) and tries again, and work that fails,
Redis or not, is retried from its lease."""

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from typing import Any

from redis.exceptions import RedisError

from shared.backoff import Backoff
from shared.due import DueWork
from shared.tasks import cancel_all

from .deliveries import Sender, delivery_member
from .domain.sending import PendingNotification
from .escalator import Escalator
from .flusher import Flusher

log = logging.getLogger("flightdeck.alerter.clock")
WORK_AT_ONCE = 64


class Clock:
    def __init__(
        self,
        due: DueWork,
        flusher: Flusher,
        escalator: Escalator,
        sender: Sender,
        poll_s: float = 0.25,
        unavailable: Backoff | None = None,
    ) -> None:
        self.due, self.flusher, self.escalator, self.sender, self.poll_s = due, flusher, escalator, sender, poll_s
        self.unavailable = unavailable or Backoff(first=0.5, most=10.0)  # the wait while Redis does not answer
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(WORK_AT_ONCE)  # each piece of work may hold a Redis connection

    async def run_forever(self) -> None:
        try:
            while True:
                self.due.wake.clear()
                try:
                    members, following = await self.due.take()
                except RedisError as exc:
                    delay = self.unavailable.next()
                    log.warning(
                        "cannot read due work (%s); trying again in %.1fs", type(exc).__name__, delay, exc_info=exc
                    )
                    await asyncio.sleep(delay)
                    continue
                self.unavailable.reset()
                for member in members:
                    await self._slots.acquire()  # a backlog waits here, not in Redis's connection pool
                    self._spawn(self._work(member), slot=True)
                await self.due.wait(following, self.poll_s)
        finally:  # what it started stops with it (see shared/tasks.py)
            await cancel_all(list(self._tasks))

    def _spawn(self, work: Coroutine[Any, Any, None], slot: bool = False) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if slot:
            task.add_done_callback(lambda _: self._slots.release())

    def start(self, staged: list[PendingNotification]) -> None:
        """Sends notifications just staged (their lease held), each its own task: one channel never holds up
        another, and what fails is taken again when its lease ends."""
        for pending in staged:
            self._spawn(self._deliver(pending))

    async def _deliver(self, pending: PendingNotification) -> None:
        await self._guarded(delivery_member(pending.id), self.sender.deliver(pending))

    async def _work(self, member: str) -> None:
        """One due entry; the sends it staged start at once (see start)."""
        kind, _, name = member.partition(":")
        await self._guarded(member, self._due(kind, name))

    async def _due(self, kind: str, name: str) -> list[PendingNotification]:
        if kind == "g":
            return await self.flusher.flush_group(name)
        if kind == "d":
            await self.sender.send(name)
        elif kind == "e":
            return await self.escalator.escalate(name)
        return []

    async def _guarded(self, member: str, work: Awaitable[list[PendingNotification] | None]) -> None:
        """Runs one piece of due work and starts the sends it staged; what fails is logged, and taken again when
        its lease ends."""
        try:
            self.start(await work or [])
        except RedisError as exc:  # told once while Redis is away (see shared/runtime/outage.py)
            log.warning(
                "due work failed (%s); it is taken again when its lease ends",
                type(exc).__name__,
                exc_info=exc,
                extra={"member": member},
            )
        except Exception:  # the lease runs out and another try takes it again
            log.exception("due work failed; it will be tried again", extra={"member": member})
