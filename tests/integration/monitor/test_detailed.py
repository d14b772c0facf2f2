"""health.detailed in the running monitor: probed while a deployment bakes, its failing checks become the evidence of
health-degraded and name the probable root cause, even while /health/ready still answers 200."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.monitor.app import DEFINITION
from shared.bus.publisher import EventPublisher
from shared.events import BakeStarted, DeploymentStarted, DeploymentSucceeded, Event, HealthDegraded
from shared.events.deployment import BakeStartedPayload, DeploymentStartedPayload, DeploymentSucceededPayload
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from tests.support.alerting import of_class
from tests.support.deploy_world import events
from tests.support.health_server import HealthServer, health_server
from tests.support.inprocess import eventually, running

DB_DOWN = (
    503,
    {
        "status": "fail",
        "version": "2.0",
        "checks": {
            "db:connections": [{"status": "fail", "output": "connection refused"}],
            "cache:hits": [{"status": "pass"}],
        },
    },
)


@pytest.fixture
async def health(redis_url: str, tmp_path: Path) -> AsyncIterator[HealthServer]:
    with health_server() as server:
        check = {
            "interval": "50ms",
            "bake_interval": "50ms",
            "timeout": "1s",
            "passes_to_ready": 2,
            "failures_to_degraded": 3,
        }
        plan = {
            "version": 1,
            "environments": {"staging": {}},
            "services": {
                "db": {"deploy": ["./d.sh"], "health": {"ready": server.url("db"), **check}},
                "api": {
                    "depends_on": ["db"],
                    "deploy": ["./d.sh"],
                    "health": {"ready": server.url("api"), "detailed": server.detailed_url("api"), **check},
                },
            },
        }
        (tmp_path / "flightdeck.yaml").write_text(yaml.safe_dump(plan))
        async with running(DEFINITION, redis_url, plan_file=str(tmp_path / "flightdeck.yaml")):
            yield server


async def _publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="coordinator").publish(event)


async def _degraded(redis: Redis) -> list[HealthDegraded]:
    return await of_class(redis, HealthDegraded)


async def test_a_failing_dependency_in_detailed_health_degrades_a_ready_service_and_is_its_root_cause(
    health: HealthServer, redis_client: Redis
) -> None:
    """Issue 12: /health/detailed was never requested, so a dependency failing behind a 200 went unseen."""
    health.detailed["api"] = DB_DOWN
    await eventually(lambda: health.hits.get("api", 0) >= 5)  # ready passes: no reason to look deeper yet
    assert health.detailed_hits.get("api", 0) == 0 and await _degraded(redis_client) == []

    until = datetime.now(UTC) + timedelta(seconds=60)
    started = DeploymentStartedPayload(versions={"api": "2.0"})
    await _publish(redis_client, DeploymentStarted(deployment_id="d-1", environment="staging", payload=started))
    bake = BakeStartedPayload(duration_s=60, until=until)
    await _publish(redis_client, BakeStarted(deployment_id="d-1", environment="staging", payload=bake))

    async def reported() -> bool:
        return bool(await _degraded(redis_client))

    await eventually(reported)
    degraded = (await _degraded(redis_client))[0]
    assert degraded.service == "api" and degraded.payload.status == "degraded"
    assert health.hits["api"] > 0 and health.status.get("api", 200) == 200  # ready answered 200 all along
    last = degraded.payload.evidence[-1]
    assert last.ok and last.failing_checks == ["db:connections"]
    assert last.reason == "detailed: HTTP 503; status 'fail' (checks db:connections failing)"
    assert degraded.payload.root_cause == "db" and degraded.payload.impacted == ["api"]

    health.detailed["api"] = (200, {"status": "pass", "version": "2.0"})
    await eventually(lambda: _recovered(redis_client))
    succeeded = DeploymentSucceededPayload(duration_s=61)
    await _publish(redis_client, DeploymentSucceeded(deployment_id="d-1", environment="staging", payload=succeeded))
    window = MonitorKeys.of(Keys()).detailed("staging")

    async def closed() -> bool:
        return await redis_client.hkeys(window) == []

    await eventually(closed)
    seen, ready_seen = health.detailed_hits["api"], health.hits["api"]
    await eventually(lambda: health.hits["api"] >= ready_seen + 5)
    assert health.detailed_hits["api"] <= seen + 1, "the deployment ended: detailed health is no longer probed"


async def _recovered(redis: Redis) -> bool:
    return any(e.type == "health-recovered" and e.service == "api" for e in await events(redis))
