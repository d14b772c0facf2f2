"""The job queue against a real Redis: atomic enqueue, exclusive claims, leases that expire, fencing, cancel."""

import asyncio

import pytest
from redis.asyncio import Redis
from redis.exceptions import WatchError

from services.coordinator.execution import JobQueue, ProcessResult, outcome_event
from services.coordinator.execution.job import Claimed
from shared.events import ServiceDeploySucceeded
from shared.keys.coordinator import CoordinatorKeys
from tests.support.inprocess import eventually
from tests.unit.coordinator.execution_helpers import KEYS, enqueue, events, job

OK = ProcessResult(exit_code=0, timed_out=False, cancelled=False, duration_s=0.5)


@pytest.fixture
def queue(redis_client: Redis) -> JobQueue:
    return JobQueue(redis_client, KEYS, lease_s=30)


async def test_enqueue_commits_with_the_callers_write_or_not_at_all(redis_client: Redis, queue: JobQueue) -> None:
    pipe = redis_client.pipeline(transaction=True)
    pipe.set("state:dep-1", "running")
    queue.enqueue(pipe, job())
    assert await pipe.execute() == [True, 1]
    assert (await queue.status("dep-1:api:deploy") or {})["status"] == "queued"

    async with redis_client.pipeline(transaction=True) as pipe:
        await pipe.watch("state:dep-1")
        await redis_client.set("state:dep-1", "changed meanwhile")  # another writer wins the race
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        pipe.set("state:dep-1", "mine")
        queue.enqueue(pipe, job(service="worker"))
        with pytest.raises(WatchError):
            await pipe.execute()
    assert await queue.status("dep-1:worker:deploy") is None
    assert await redis_client.get("state:dep-1") == b"changed meanwhile"


async def test_enqueueing_the_same_job_twice_runs_it_once(redis_client: Redis, queue: JobQueue) -> None:
    assert await enqueue(redis_client, queue, job(), job(argv=["different"])) == [1, 0]
    claimed = await queue.claim("a")
    assert claimed is not None and claimed.job.argv[0] != "different"
    assert await queue.claim("b") is None
    assert await queue.finish(claimed, outcome_event(claimed.job, OK))
    assert await enqueue(redis_client, queue, job()) == [0]  # a finished job is remembered too
    assert await queue.claim("c") is None


async def test_concurrent_claims_hand_out_each_job_exactly_once(redis_client: Redis) -> None:
    jobs = [job(service=f"svc-{i}") for i in range(50)]
    await enqueue(redis_client, JobQueue(redis_client, KEYS), *jobs)
    queues = [JobQueue(redis_client, KEYS, lease_s=30) for _ in range(2)]
    claims = await asyncio.gather(*(queues[i % 2].claim(f"owner-{i % 2}") for i in range(70)))
    taken = [c.job.job_id for c in claims if c is not None]
    assert sorted(taken) == sorted(j.job_id for j in jobs)
    assert all(not c.orphaned and c.attempt == 1 for c in claims if c is not None)


async def test_an_expired_lease_is_taken_over_as_an_orphan_and_the_old_owner_is_fenced_off(
    redis_client: Redis,
) -> None:
    dying = JobQueue(redis_client, KEYS, lease_s=0.2)  # replica A: claims, then never renews its lease
    healthy = JobQueue(redis_client, KEYS, lease_s=30)
    await enqueue(redis_client, dying, job())
    first = await dying.claim("replica-a")
    assert first is not None and not first.orphaned
    taken: list[Claimed | None] = []

    async def reclaimed() -> bool:
        taken.append(await healthy.claim("replica-b"))
        return taken[-1] is not None

    await eventually(reclaimed, within=10)
    second = taken[-1]
    assert second is not None and second.orphaned
    assert (second.attempt, second.previous_owner) == (2, "replica-a")
    assert await dying.heartbeat(first) == "lost"
    assert not await dying.finish(first, outcome_event(first.job, OK))
    assert await redis_client.xlen(KEYS.events) == 0  # the fenced-off owner wrote nothing
    assert (await healthy.status(first.job.job_id) or {})["owner"] == "replica-b"
    assert await healthy.claim("replica-c") is None  # B's lease holds


async def test_a_renewed_lease_is_not_taken_over(redis_client: Redis, queue: JobQueue) -> None:
    await enqueue(redis_client, queue, job())
    claimed = await queue.claim("a")
    assert claimed is not None
    assert await queue.heartbeat(claimed) == "ok"
    assert await queue.claim("b") is None


async def test_finish_publishes_the_outcome_event_and_marks_the_job_done(redis_client: Redis, queue: JobQueue) -> None:
    await enqueue(redis_client, queue, job())
    claimed = await queue.claim("a")
    assert claimed is not None
    event = outcome_event(claimed.job, OK)
    assert await queue.finish(claimed, event)
    assert await events(redis_client) == [event]
    assert isinstance(event, ServiceDeploySucceeded)
    status = await queue.status(claimed.job.job_id) or {}
    assert (status["status"], status["outcome"], status["outcome_event"]) == ("done", event.type, event.event_id)
    assert not await queue.finish(claimed, event)  # finishing twice publishes once
    assert await redis_client.xlen(KEYS.events) == 1
    assert await queue.heartbeat(claimed) == "lost"
    assert await redis_client.zcard(CoordinatorKeys.of(KEYS).jobs_due) == 0


async def test_cancel_removes_a_queued_job_and_flags_a_running_one(redis_client: Redis, queue: JobQueue) -> None:
    await enqueue(redis_client, queue, job(service="first"), job(service="second"))
    running = await queue.claim("a")
    assert running is not None and running.job.service == "first"
    assert await queue.cancel("dep-1:second:deploy") == "removed"
    assert await queue.cancel("dep-1:second:deploy") == "removed"  # asking again gives the same answer
    assert await queue.claim("b") is None
    assert await queue.cancel(running.job.job_id) == "stopping"
    assert await queue.heartbeat(running) == "cancelled"
    assert await queue.finish(running, outcome_event(running.job, OK))
    assert await queue.cancel(running.job.job_id) == "finished"
    assert await queue.cancel("dep-1:nobody:deploy") == "unknown"


async def test_a_cancelled_orphan_is_claimed_with_the_cancel_noted(redis_client: Redis) -> None:
    dying, healthy = JobQueue(redis_client, KEYS, lease_s=0.2), JobQueue(redis_client, KEYS, lease_s=30)
    await enqueue(redis_client, dying, job())
    assert await dying.claim("replica-a") is not None
    assert await dying.cancel("dep-1:api:deploy") == "stopping"
    claims: list[Claimed | None] = []

    async def reclaimed() -> bool:
        claims.append(await healthy.claim("replica-b"))
        return claims[-1] is not None

    await eventually(reclaimed, within=10)
    last = claims[-1]
    assert last is not None and last.cancel_requested and last.orphaned


async def test_wait_wakes_on_enqueue_and_times_out_when_idle(redis_client: Redis, queue: JobQueue) -> None:
    assert not await queue.wait(0.05)
    assert not await queue.wait(1.5)  # longer than one BLPOP slice
    waiter = asyncio.create_task(queue.wait(30))
    await enqueue(redis_client, queue, job())
    assert await asyncio.wait_for(waiter, 10)


async def test_a_claim_that_finds_nothing_leaves_no_stale_wake_up(redis_client: Redis, queue: JobQueue) -> None:
    await enqueue(redis_client, queue, job("api"), job("web"))
    assert await queue.wait(1)
    assert await queue.claim("a") is not None and await queue.claim("a") is not None
    assert await queue.claim("a") is None
    assert not await queue.wait(0.05), "web's token wakes nobody for nothing: both jobs are claimed"
    waiter = asyncio.create_task(queue.wait(30))
    await enqueue(redis_client, queue, job("worker"))
    assert await asyncio.wait_for(waiter, 10)
