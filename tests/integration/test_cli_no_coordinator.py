"""`flightdeck deploy --wait` with nobody to take the request says so within seconds (exit 4) instead of waiting
out its timeout; a coordinator that reads but is slow is waited for as before."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION
from shared.streams import Keys
from shared.tasks import cancel_all
from tests.integration.test_cli_deploy import _deploy, shell  # noqa: F401 (a fixture)
from tests.support.inprocess import eventually, running

EVENTS = Keys().events


async def test_with_no_coordinator_ever_it_says_what_to_start(
    shell: None,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--timeout", "10m", "--id", "d1") == 4
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("not taken d1 after ") and "no coordinator has ever read the events stream" in last
    assert "`flightdeck up`" in last and "`flightdeck run coordinator`" in last


async def test_with_a_coordinator_that_stopped_it_says_so(
    shell: None,  # noqa: F811
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    async with running(DEFINITION, redis_url, plan_file=str(plan)):
        await redis_client.xadd(EVENTS, {"type": "nothing", "__data__": "{}"})  # its consumer reads once

        async def read() -> bool:
            return bool(await redis_client.xinfo_consumers(EVENTS, "coordinator"))

        await eventually(read)
    assert (
        await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--timeout", "10m", "--id", "d2", "--json")
        == 4
    )
    outcome = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert outcome["outcome"] == "not taken" and outcome["exit_code"] == 4
    assert "no coordinator is reading the events stream" in outcome["detail"]


@contextlib.asynccontextmanager
async def slow_coordinator(redis: Redis, backlog: int) -> AsyncIterator[None]:
    """A coordinator group whose consumer keeps reading, one old entry at a time, never reaching the new ones."""
    for n in range(backlog):
        await redis.xadd(EVENTS, {"type": "nothing", "__data__": json.dumps({"n": n})})
    await redis.xgroup_create(EVENTS, "coordinator", id="0")

    async def read() -> None:
        while True:
            await redis.xreadgroup("coordinator", "coordinator-slow", {EVENTS: ">"}, count=1)
            await asyncio.sleep(0.2)

    task = asyncio.create_task(read())
    try:
        yield
    finally:
        await cancel_all([task])  # cancels again if redis-py swallowed the first (see shared/tasks.py)


async def test_a_slow_coordinator_is_waited_for(
    shell: None,  # noqa: F811
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with slow_coordinator(redis_client, backlog=500):
        assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--timeout", "10s", "--id", "d3") == 4
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("timed out d3 after") and "raise --timeout" in last
