"""A crash-safe job queue in Redis: leases with heartbeats, fencing by attempt, outcome published atomically.

A job is claimed for `lease_s`; its runner renews the lease (heartbeat) while the command runs. A runner that
dies stops renewing, the lease expires, and the next claim takes the job over, marked `orphaned`, so policy
can decide whether running the command again is safe. finish() writes the outcome event to the events stream
in the same script that marks the job done, and only for the claim that still owns the job: a runner that
lost its lease can never publish a second outcome. See jobs_lua.py for the data layout.
"""

import asyncio
from typing import Any, cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.typing import EncodableT

from shared.bus.codec import encode
from shared.events import Event
from shared.keys.coordinator import CoordinatorKeys
from shared.streams import Keys
from shared.text import text, texts

from . import jobs_lua
from .job import CancelResult, Claimed, HeartbeatStatus, Job, JobKind, job_id_for

__all__ = ["CancelResult", "Claimed", "HeartbeatStatus", "Job", "JobKind", "JobQueue", "job_id_for"]

DAY_S = 86_400
WAIT_SLICE_S = 1.0
WAKE_TOKENS_KEPT = 1000  # wake tokens are interchangeable; more than this only means more idle polling


class JobQueue:
    def __init__(self, redis: "Redis", keys: Keys, lease_s: float = 10.0, retention_s: float = 7 * DAY_S) -> None:
        self._redis, self._keys = redis, keys
        self.lease_s = lease_s
        self._lease_ms = max(1, int(lease_s * 1000))
        # A finished job's record, and with it the "this id was already enqueued" guard, lasts this long.
        self._retention = max(1, int(retention_s))
        self._own = CoordinatorKeys.of(keys)
        self._claim = redis.register_script(jobs_lua.CLAIM)
        self._heartbeat = redis.register_script(jobs_lua.HEARTBEAT)
        self._finish = redis.register_script(jobs_lua.FINISH)
        self._cancel = redis.register_script(jobs_lua.CANCEL)

    def enqueue(self, pipe: Pipeline, job: Job) -> None:
        """Adds the enqueue to the caller's pipeline: with `redis.pipeline(transaction=True)` it commits in one
        MULTI with the caller's own writes.

        Enqueueing an id that exists (queued, running, or finished within `retention_s`) does nothing: the
        script checks first, so a handler that runs twice for one event cannot start a second run. Its result
        in `pipe.execute()` is 1 when enqueued, 0 when the id already existed. (EVAL, not EVALSHA: a MULTI
        cannot recover from a script missing from the server's cache.)
        """
        keys = [self._own.job(job.job_id), self._own.jobs_due, self._own.jobs_wake]
        pipe.eval(jobs_lua.ENQUEUE, len(keys), *keys, job.job_id, job.model_dump_json(), WAKE_TOKENS_KEPT)

    async def claim(self, owner: str) -> Claimed | None:
        """The oldest job that is due (queued, or running with an expired lease), now leased to `owner`."""
        reply = await self._claim(
            keys=[self._own.jobs_due, self._own.jobs_wake], args=[owner, self._lease_ms, self._own.job_prefix]
        )
        if not reply:
            return None
        _, job_json, attempt, orphaned, previous, cancel = cast(list[Any], reply)
        return Claimed(
            job=Job.model_validate_json(job_json),
            attempt=int(attempt),
            orphaned=bool(int(orphaned)),
            owner=owner,
            previous_owner=text(previous) or None,
            cancel_requested=text(cancel) == "1",
        )

    async def heartbeat(self, claimed: Claimed) -> HeartbeatStatus:
        """Renews the lease: "ok"; "cancelled" when cancel() was called (the lease is renewed too, so the
        runner keeps it while stopping the command); "lost" when another claim owns the job now."""
        reply = await self._heartbeat(
            keys=[self._own.job(claimed.job.job_id), self._own.jobs_due],
            args=[claimed.owner, claimed.attempt, self._lease_ms, claimed.job.job_id],
        )
        return cast(HeartbeatStatus, text(reply))

    async def cancel(self, job_id: str) -> CancelResult:
        """A queued job is removed at once and reported "removed": it never runs, and no outcome event comes,
        so the caller records it as cancelled itself. A running one is flagged ("stopping"): its runner sees the
        flag at its next heartbeat, stops the command and publishes a ServiceDeployFailed with reason
        "cancelled". Calling it again gives the same answer."""
        reply = await self._cancel(keys=[self._own.job(job_id), self._own.jobs_due], args=[job_id, self._retention])
        return cast(CancelResult, text(reply))

    async def finish(self, claimed: Claimed, event: Event) -> bool:
        """Marks the job done and appends `event` to the events stream, atomically, only if this claim still
        owns the job. False means the lease was lost (another claim owns it) and nothing was written."""
        fields: list[EncodableT] = []
        for name, value in encode(event).items():
            fields += [name, value]
        reply = await self._finish(
            keys=[self._own.job(claimed.job.job_id), self._own.jobs_due, self._keys.events],
            args=[
                claimed.owner,
                claimed.attempt,
                claimed.job.job_id,
                event.type,
                event.event_id,
                self._retention,
                *fields,
            ],
        )
        return bool(reply)

    async def wait(self, timeout_s: float) -> bool:
        """Blocks until a job is enqueued or `timeout_s` passes (True when woken). Leases that expire do not wake
        anyone, so a runner should not wait much longer than a lease between claims."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            # In slices: a BLPOP longer than the client's socket timeout (5s by default in redis-py) would fail.
            left = deadline - loop.time()
            if await self._redis.blpop([self._own.jobs_wake], timeout=max(0.01, min(left, WAIT_SLICE_S))) is not None:
                return True
            if left <= WAIT_SLICE_S:
                return False

    async def status(self, job_id: str) -> dict[str, str] | None:
        """The job's record (status, attempt, owner, outcome, ...) without the job itself; None if unknown."""
        raw = await self._redis.hgetall(self._own.job(job_id))
        if not raw:
            return None
        return {name: value for name, value in texts(raw).items() if name != "job"}
