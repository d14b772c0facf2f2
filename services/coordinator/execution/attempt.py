"""One claim of a job, run to its outcome: refused (policy), waiting for the service's command lock, the command
with its output in the deployment log, and the outcome event written only while the claim still owns the job."""

import asyncio
import logging
import os

from shared.backoff import Backoff
from shared.command_lock import CommandLock
from shared.events import Event
from shared.plan.placeholders import RenderError, render_command
from shared.process import run_command

from .job import Claimed, Job
from .jobs import JobQueue
from .lease import Lease
from .logstream import DeploymentLog
from .policy import CANCELLED, failed_event, outcome_event, refusal

log = logging.getLogger("flightdeck.coordinator.execution")


class Attempts:
    """How a runner runs each job it claimed; one `run` per claim, many at once."""

    def __init__(
        self,
        queue: JobQueue,
        output: DeploymentLog,
        locks: CommandLock,
        producer: str,
        grace_s: float,
        cwd: str | None,
    ) -> None:
        self.queue, self.output, self.locks, self.producer = queue, output, locks, producer
        self.grace_s, self.cwd = grace_s, cwd

    async def run(self, claimed: Claimed) -> None:
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

    async def _note(self, job: Job, text: str) -> None:
        await self.output.line(job.deployment_id, job.service, "coordinator", text)

    async def _execute(self, claimed: Claimed, lease: Lease) -> None:
        job = claimed.job
        rerun = " (again: the replica running it before stopped)" if claimed.orphaned else ""
        await self._note(job, f"attempt {claimed.attempt} of {job.kind} started{rerun}")

        async def on_line(stream: str, text: str) -> None:
            await self.output.line(job.deployment_id, job.service, stream, text)

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
        await self.output.flush()  # the output is in the log before the outcome event announces it
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
