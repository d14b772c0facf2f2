"""Runs claimed jobs: up to `concurrency` commands at once, each with its lease kept alive by a heartbeat.

stop() ends claiming and lets running commands finish (a rolling restart leaves no orphans behind). Cancelling
run_forever() instead kills the running commands and leaves their leases to expire: another replica then finds
them orphaned and applies the orphan policy (see policy.refusal).
"""

import asyncio
import logging
import os
from collections.abc import Awaitable
from typing import TypeVar

from redis.asyncio import Redis

from shared.backoff import Backoff
from shared.command_lock import CommandLock
from shared.events import Event
from shared.plan.placeholders import RenderError, render_command
from shared.process import run_command
from shared.streams import Keys

from .job import Claimed, Job
from .jobs import JobQueue
from .lease import Lease
from .logstream import DeploymentLog
from .policy import CANCELLED, failed_event, outcome_event, refusal

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
                task = asyncio.create_task(self._run(claimed))
                self.active[claimed.job.job_id] = task
                task.add_done_callback(lambda done, job_id=claimed.job.job_id: self._done(job_id, done))
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

    async def _note(self, job: Job, text: str) -> None:
        await self.log.line(job.deployment_id, job.service, "coordinator", text)

    async def _run(self, claimed: Claimed) -> None:
        job, lease = claimed.job, Lease(self.queue, claimed)
        heart = asyncio.create_task(lease.keep())
        try:
            reason = refusal(claimed)
            if reason is not None:
                await self._note(job, f"attempt {claimed.attempt} of {job.kind} not started: {reason}")
                await self._finish(lease, failed_event(job, reason, self.producer))
                return
            holder = f"{job.job_id}#{claimed.attempt}"  # an orphan's re-run waits out its earlier attempt's lock

            async def waiting(other: str) -> None:
                await self._note(
                    job,
                    f"attempt {claimed.attempt} of {job.kind} waits: {other} still runs a "
                    f"command on {job.service} (one command per service at a time)",
                )

            if not await self.locks.wait(job.environment, job.service, holder, on_wait=waiting, give_up=lease.cancel):
                if not lease.lost:
                    await self._note(job, f"attempt {claimed.attempt} of {job.kind} not started: cancelled")
                    await self._finish(lease, failed_event(job, CANCELLED, self.producer))
                return
            async with self.locks.kept(job.environment, job.service, holder):
                await self._execute(claimed, lease)
        finally:
            heart.cancel()
            await asyncio.gather(heart, return_exceptions=True)

    async def _execute(self, claimed: Claimed, lease: Lease) -> None:
        job = claimed.job
        rerun = " (again: the replica running it before stopped)" if claimed.orphaned else ""
        await self._note(job, f"attempt {claimed.attempt} of {job.kind} started{rerun}")

        async def on_line(stream: str, text: str) -> None:
            await self.log.line(job.deployment_id, job.service, stream, text)

        env = {**os.environ, **job.env}
        try:
            argv = render_command(job.argv, job.values, env)
        except RenderError as exc:
            await self._finish(lease, failed_event(job, f"cannot run the command: {exc}", self.producer))
            return
        result = await run_command(
            argv,
            env=env,
            timeout_s=job.timeout_s,
            on_line=on_line,
            cancel=lease.cancel,
            cwd=self.cwd,
            grace_s=self.grace_s,
        )
        if lease.lost:  # someone else owns the job now; its outcome is theirs to write
            return
        await self._note(job, f"attempt {claimed.attempt} of {job.kind}: {result.reason()}")
        await self.log.flush()  # the output is in the log before the outcome event announces it
        await self._finish(lease, outcome_event(job, result, self.producer))

    async def _finish(self, lease: Lease, event: Event) -> None:
        """Retries while Redis is unreachable, as long as the lease is still (presumed) ours."""
        backoff = Backoff(first=0.1, most=2.0)
        while not lease.lost:
            try:
                if not await self.queue.finish(lease.claimed, event):
                    log.warning("lost the lease of %s before finishing; outcome dropped", lease.claimed.job.job_id)
                return
            except Exception:
                log.warning("could not finish %s; retrying", lease.claimed.job.job_id, exc_info=True)
            await asyncio.sleep(backoff.next())


def _honour_cancellation() -> None:
    """A cancellation some library swallowed (redis-py can, in a command cut off mid-flight) still counts: without
    this the loop would go on claiming for ever after its owner cancelled it, and whoever awaits it would hang."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
