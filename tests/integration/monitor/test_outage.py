"""The monitor's loops outlive Redis: stopped under a running monitor and started again, its gates, its watching and
its reports carry on where they were."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.monitor.app import DEFINITION
from shared.bus.publisher import EventPublisher
from shared.events import HealthGateRequested
from shared.events.health import HealthGateRequestedPayload
from shared.redis_process import LocalRedis
from shared.streams import Keys
from tests.integration.monitor.conftest import plan
from tests.support.deploy_world import events, wait_for
from tests.support.health_server import health_server
from tests.support.inprocess import eventually, running

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
async def local(tmp_path: Path) -> AsyncIterator[LocalRedis]:
    """A Redis of this test's own, with its data on disk, so stopping it takes nobody else's away."""
    redis = LocalRedis(data_dir=tmp_path / "redis")
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


async def _health(redis: Redis) -> list[tuple[str, str]]:
    kinds = ("health-degraded", "health-recovered")
    return [(e.type, e.service or "") for e in await events(redis) if e.type in kinds]


async def test_gates_and_watching_resume_when_redis_is_back(local: LocalRedis, tmp_path: Path) -> None:
    url = f"{local.url}/0"
    plan_file = tmp_path / "flightdeck.yaml"
    with health_server() as health:
        plan_file.write_text(plan(health))
        async with running(DEFINITION, url, plan_file=str(plan_file)):
            client = Redis.from_url(url)
            try:
                await eventually(lambda: health.hits.get("api", 0) >= 3)  # known healthy first
                health.status["api"] = 503
                gate = HealthGateRequested(
                    deployment_id="d-1",
                    environment="staging",
                    service="api",
                    payload=HealthGateRequestedPayload(timeout_s=60, consecutive_passes=2),
                )
                await EventPublisher(client, Keys(), producer="coordinator").publish(gate)
                await eventually(lambda: _health_is(client, [("health-degraded", "api")]))
                await eventually(lambda: health.hits.get("api", 0) >= 10)  # the gate probes it too
            finally:
                await client.aclose()
            local.stop()
            health.status["api"] = 200  # ready while Redis is away: nothing can say so until it is back
            await asyncio.sleep(3)  # every loop of the monitor fails a few times meanwhile
            local.start()
            client = Redis.from_url(url)
            try:
                passed = await wait_for(client, "d-1", "health-gate-passed", "health-gate-failed", within=30)
                assert passed.type == "health-gate-passed" and passed.service == "api"
                recovered = [("health-degraded", "api"), ("health-recovered", "api")]
                await eventually(lambda: _health_is(client, recovered), within=30)
                seen = health.hits["api"]
                await eventually(lambda: health.hits["api"] >= seen + 10)  # still watched
                assert await _health(client) == recovered, "each transition reported once"
            finally:
                await client.aclose()


async def _health_is(redis: Redis, expected: list[tuple[str, str]]) -> bool:
    return await _health(redis) == expected
