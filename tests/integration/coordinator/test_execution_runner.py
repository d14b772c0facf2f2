"""Runners against a real Redis and real processes: exactly-once runs, orphans, lost leases, cancel, logs."""

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.coordinator.execution import ORPHAN_NOT_RERUN, DeploymentLog, JobQueue, Runner, read_log
from shared.events import ServiceDeployFailed, ServiceDeploySucceeded
from shared.keys.coordinator import CoordinatorKeys
from tests.support.inprocess import eventually
from tests.unit.coordinator.execution_helpers import KEYS, SH, enqueue, events, gone, job, pids, running

SLEEPER = 'echo $$$$ > "$1"; echo ready; exec sleep 300'  # the pid ($$ is the plan's escape of $), then a wait


def outcomes(redis: Redis, count: int) -> Callable[[], Awaitable[bool]]:
    async def arrived() -> bool:
        return int(await redis.xlen(KEYS.events)) >= count

    return arrived


def started(pid_file: Path) -> Callable[[], bool]:
    return lambda: pid_file.exists() and pid_file.read_text().strip() != ""


@pytest.mark.parametrize("lease_s", [3.0, 0.3])  # 0.3: jobs outlive many leases, so only heartbeats keep them
async def test_two_runners_run_every_job_exactly_once(redis_client: Redis, tmp_path: Path, lease_s: float) -> None:
    record = tmp_path / "ran"
    script = 'sleep "$3"; echo "$1" >> "$2"'
    jobs = [
        job(service=f"svc-{i}", argv=[SH, "-c", script, "sh", f"svc-{i}", str(record), "1" if i < 4 else "0"])
        for i in range(40)
    ]
    async with (
        running(redis_client, "replica-a", lease_s, concurrency=4),
        running(redis_client, "replica-b", lease_s, concurrency=4),
    ):
        await enqueue(redis_client, JobQueue(redis_client, KEYS), *jobs)
        await eventually(outcomes(redis_client, 40), within=60)
    assert sorted(record.read_text().split()) == sorted(j.service for j in jobs)
    published = await events(redis_client)
    assert all(isinstance(e, ServiceDeploySucceeded) for e in published)
    assert sorted(e.service or "" for e in published) == sorted(j.service for j in jobs)


@pytest.mark.parametrize("idempotent", [True, False])
async def test_an_orphaned_command_is_rerun_only_when_idempotent(
    redis_client: Redis, tmp_path: Path, idempotent: bool
) -> None:
    record = tmp_path / "ran"
    item = job(idempotent=idempotent, argv=[SH, "-c", 'echo ran >> "$1"', "sh", str(record)])
    dead_replica = JobQueue(redis_client, KEYS, lease_s=0.2)
    await enqueue(redis_client, dead_replica, item)
    assert await dead_replica.claim("replica-a") is not None  # ... and replica A dies before running anything
    async with running(redis_client, "replica-b"):
        await eventually(outcomes(redis_client, 1), within=30)
    [event] = await events(redis_client)
    assert (event.deployment_id, event.service, event.correlation_id) == ("dep-1", "api", "dep-1")
    status = await dead_replica.status(item.job_id) or {}
    assert (status["status"], status["attempt"], status["owner"]) == ("done", "2", "replica-b")
    if idempotent:
        assert isinstance(event, ServiceDeploySucceeded)
        assert record.read_text() == "ran\n"
    else:
        assert isinstance(event, ServiceDeployFailed)
        assert event.payload.reason == ORPHAN_NOT_RERUN
        assert not record.exists()


async def test_a_runner_that_loses_its_lease_stops_the_command_and_writes_nothing(
    redis_client: Redis, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    item = job(argv=[SH, "-c", SLEEPER, "sh", str(pid_file)])
    queue = JobQueue(redis_client, KEYS)
    async with running(redis_client, "replica-a", lease_s=0.6) as runner:
        await enqueue(redis_client, queue, item)
        await eventually(started(pid_file), within=30)
        # Replica B took the job over (say A was cut off from Redis for a while): the next attempt is B's.
        await redis_client.hset(CoordinatorKeys.of(KEYS).job(item.job_id), mapping={"owner": "replica-b", "attempt": 2})
        await eventually(lambda: gone(pids(pid_file)[0]), within=30)
        await eventually(lambda: not runner.active, within=30)
    assert await redis_client.xlen(KEYS.events) == 0
    assert (await queue.status(item.job_id) or {})["owner"] == "replica-b"


async def test_cancel_stops_a_running_command(redis_client: Redis, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    item = job(argv=[SH, "-c", SLEEPER, "sh", str(pid_file)])
    queue = JobQueue(redis_client, KEYS)
    async with running(redis_client, "replica-a", lease_s=0.6):
        await enqueue(redis_client, queue, item)
        await eventually(started(pid_file), within=30)
        assert await queue.cancel(item.job_id) == "stopping"
        await eventually(outcomes(redis_client, 1), within=30)
    [event] = await events(redis_client)
    assert isinstance(event, ServiceDeployFailed)
    assert (event.payload.reason, event.payload.timed_out) == ("cancelled", False)
    assert gone(pids(pid_file)[0])
    assert (await queue.status(item.job_id) or {})["status"] == "done"


async def test_output_reaches_the_deployment_log_before_the_outcome(redis_client: Redis) -> None:
    script = 'echo "step 1"; echo "warning: slow" >&2; echo "step 2"; echo "error: boom" >&2; exit 4'
    async with running(redis_client, "replica-a"):
        await enqueue(redis_client, JobQueue(redis_client, KEYS), job(argv=[SH, "-c", script]))
        await eventually(outcomes(redis_client, 1), within=30)
        lines = await read_log(redis_client, KEYS, "dep-1")  # read at once: flushed before the event
    [event] = await events(redis_client)
    assert isinstance(event, ServiceDeployFailed)
    assert (event.payload.reason, event.payload.exit_code) == ("exited with code 4: error: boom", 4)
    assert [x.line for x in lines if x.stream == "stdout"] == ["step 1", "step 2"]
    assert [x.line for x in lines if x.stream == "stderr"] == ["warning: slow", "error: boom"]
    notes = [x.line for x in lines if x.stream == "coordinator"]
    assert notes == ["attempt 1 of deploy started", "attempt 1 of deploy: exited with code 4: error: boom"]
    assert {x.service for x in lines} == {"api"}
    assert await redis_client.ttl(KEYS.deployment_log("dep-1")) > 0


async def test_a_command_that_runs_too_long_fails_as_timed_out(redis_client: Redis) -> None:
    async with running(redis_client, "replica-a"):
        await enqueue(redis_client, JobQueue(redis_client, KEYS), job(timeout_s=0.5, argv=["sleep", "300"]))
        await eventually(outcomes(redis_client, 1), within=30)
    [event] = await events(redis_client)
    assert isinstance(event, ServiceDeployFailed)
    assert event.payload.timed_out and event.payload.reason == "timed out after 500ms and was killed"


async def test_stop_lets_running_commands_finish(redis_client: Redis, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    queue = JobQueue(redis_client, KEYS)
    runner = Runner(redis_client, KEYS, queue, DeploymentLog(redis_client, KEYS), "replica-a")
    task = asyncio.create_task(runner.run_forever())
    await enqueue(redis_client, queue, job(argv=[SH, "-c", 'echo $$$$ > "$1"; sleep 1', "sh", str(pid_file)]))
    await eventually(started(pid_file), within=30)
    await runner.stop()
    await asyncio.wait_for(task, 10)
    [event] = await events(redis_client)  # finished, not abandoned
    assert isinstance(event, ServiceDeploySucceeded)


async def test_cancelling_a_runner_kills_its_commands_and_leaves_them_to_another_replica(
    redis_client: Redis, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    queue = JobQueue(redis_client, KEYS)
    item = job(argv=[SH, "-c", SLEEPER, "sh", str(pid_file)])
    async with running(redis_client, "replica-a"):
        await enqueue(redis_client, queue, item)
        await eventually(started(pid_file), within=30)
    await eventually(lambda: gone(pids(pid_file)[0]), within=30)
    assert await redis_client.xlen(KEYS.events) == 0
    status = await queue.status(item.job_id) or {}
    assert (status["status"], status["owner"]) == ("running", "replica-a")  # its lease will expire
