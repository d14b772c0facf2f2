"""Runs claimed jobs: up to `concurrency` commands at once, each with its lease kept alive by a heartbeat.

stop() ends claiming and lets running commands finish (a rolling restart leaves no orphans behind). Cancelling
run_forever() instead kills the running commands and leaves their leases to expire: another replica then finds
them orphaned and applies the orphan policy (see policy.refusal).
"""

import asyncio
import logging
from collections.abc import Awaitable
from functools import partial
from typing import TypeVar

from redis.asyncio import Redis

from shared.command_lock import CommandLock
from shared.streams import Keys

from .attempt import Attempts
from .job import Claimed
from .jobs import JobQueue
from .logstream import DeploymentLog

T = TypeVar("T")
log = logging.getLogger("flightdeck.coordinator.execution")


class Runner:
    def __init__(
        self,
        redis: "Redis",
        keys: Keys,
        queue: JobQueue,
        log: DeploymentLog,
        owner: str,
        concurrency: int = 16,
        producer: str = "coordinator",
        grace_s: float = 5.0,
        cwd: str | None = None,
    ) -> None:
        self.redis, self.keys = redis, keys  # kept for callers that inspect the runner; the queue does the I/O
        self.queue, self.log, self.owner, self.producer = queue, log, owner, producer
        self.grace_s, self.cwd = grace_s, cwd
        self.active: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._stopping = asyncio.Event()
        self._stopped = asyncio.Event()
        self._stopped.set()  # not running yet: stop() has nothing to wait for
        self._poll_s = min(1.0, queue.lease_s / 2)  # expired leases wake nobody: look for orphans this often
        self.locks = CommandLock(redis, keys, ttl_s=queue.lease_s)
        self.attempts = Attempts(queue, log, self.locks, producer, grace_s, cwd)

    async def run_forever(self) -> None:
        """Claims and runs jobs until stop() or cancellation. A runner runs once: after stop() it stays stopped
        (so a stop() that comes before the task got going still counts)."""
        self._stopped.clear()
        try:
            while not self._stopping.is_set():
                _honour_cancellation()
                if not await self._unless_stopping(self._slots.acquire()):
                    break
                if self._stopping.is_set():
                    self._slots.release()
                    break
                claimed = await self._claim()
                if claimed is None:
                    self._slots.release()
                    await self._unless_stopping(self.queue.wait(self._poll_s))
                    continue
                task = asyncio.create_task(self.attempts.run(claimed))
                self.active[claimed.job.job_id] = task
                task.add_done_callback(partial(self._done, claimed.job.job_id))
            await asyncio.gather(*self.active.values(), return_exceptions=True)  # stop(): let commands finish
        finally:
            for task in self.active.values():  # only left when we were cancelled: kill, do not finish
                task.cancel()
            await asyncio.gather(*self.active.values(), return_exceptions=True)
            await self.log.close()
            self._stopped.set()

    async def stop(self, drain_s: float | None = None) -> None:
        """Stops claiming and waits for running commands; after `drain_s` they are killed and left as orphans."""
        self._stopping.set()
        try:
            await asyncio.wait_for(self._stopped.wait(), drain_s)
        except TimeoutError:
            for task in list(self.active.values()):
                task.cancel()
            await self._stopped.wait()

    def _done(self, job_id: str, task: asyncio.Task[None]) -> None:
        self.active.pop(job_id, None)
        self._slots.release()
        if not task.cancelled() and task.exception() is not None:
            log.error("running job %s failed", job_id, exc_info=task.exception())

    async def _unless_stopping(self, awaitable: Awaitable[T]) -> bool:
        """Awaits `awaitable` unless stop() comes first; True when it completed."""
        work, stop = asyncio.ensure_future(awaitable), asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({work, stop}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            if not work.done():
                work.cancel()
            await asyncio.gather(work, stop, return_exceptions=True)
        return work.done() and not work.cancelled() and work.exception() is None

    async def _claim(self) -> Claimed | None:
        try:
            return await self.queue.claim(self.owner)
        except Exception:
            log.warning("could not claim a job; retrying", exc_info=True)
            await self._unless_stopping(asyncio.sleep(self._poll_s))
            return None


def _honour_cancellation() -> None:
    """A cancellation some library swallowed (redis-py can, in a command cut off mid-flight) still counts: without
    this the loop would go on claiming for ever after its owner cancelled it, and whoever awaits it would hang."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
