"""Shared by the coordinator execution tests: jobs, process liveness, events on the stream, a running Runner."""

import asyncio
import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

from redis.asyncio import Redis

from services.coordinator.execution import DeploymentLog, Job, JobQueue, Runner
from shared.events import Event, parse_event
from shared.streams import Keys

KEYS = Keys()
SH = shutil.which("sh") or "/bin/sh"
PATH_ONLY = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def job(service: str = "api", **overrides: Any) -> Job:
    fields: dict[str, Any] = {
        "deployment_id": "dep-1",
        "environment": "staging",
        "service": service,
        "argv": [SH, "-c", "true"],
        "env": PATH_ONLY,
        "timeout_s": 30,
        "version": "1.2.3",
        "correlation_id": "dep-1",
        "causation_id": "evt-0",
    }
    fields.update(overrides)
    return Job.model_validate(fields)


def gone(pid: int) -> bool:
    """True when the process no longer runs. A zombie counts as gone: it is dead, only not yet reaped (some inits
    reap orphans seconds later)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat[stat.rfind(")") + 2 :].split()[0] in ("Z", "X")


def pids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()]


async def events(redis: Redis) -> list[Event]:
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(KEYS.events))  # bytes: no decoding
    return [parse_event(fields[b"__data__"]) for _, fields in rows]


async def enqueue(redis: Redis, queue: JobQueue, *jobs: Job) -> list[Any]:
    pipe = redis.pipeline(transaction=True)
    for item in jobs:
        queue.enqueue(pipe, item)
    return list(await pipe.execute())


@contextlib.asynccontextmanager
async def running(redis: Redis, owner: str, lease_s: float = 3.0, **options: Any) -> AsyncIterator[Runner]:
    """A Runner in a task of its own, cancelled (its commands killed) when the block ends."""
    queue = JobQueue(redis, KEYS, lease_s=lease_s)
    runner = Runner(redis, KEYS, queue, DeploymentLog(redis, KEYS), owner, **{"grace_s": 1.0, **options})
    task = asyncio.create_task(runner.run_forever())
    try:
        yield runner
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
