"""A backlog read in one batch (after a restart, or lag): the deployment's events and the health event that
condemns it are handled in stream order, so the rollback is still asked for."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from shared.events import BakeStarted, DeploymentStarted, HealthDegraded, ServiceDeployStarted, ServiceDeploySucceeded
from tests.support.deploy_world import wait_for
from tests.support.fleet import fleet
from tests.support.inprocess import running
from tests.support.rollback_world import fleet_plan, publish

pytestmark = pytest.mark.integration


async def test_a_backlog_is_decided_in_order(redis_url: str, redis_client: Redis, tmp_path: Path) -> None:
    ids = {"deployment_id": "d9", "environment": "staging", "producer": "coordinator"}
    now = datetime.now(UTC)
    backlog = [
        DeploymentStarted(**ids, payload={"versions": {"api": "2.0.0"}, "waves": [["api"]]}),
        ServiceDeployStarted(**ids, service="api", payload={"version": "2.0.0", "previous_version": "1.0.0"}),
        ServiceDeploySucceeded(**ids, service="api", payload={"version": "2.0.0", "duration_s": 1}),
        BakeStarted(**ids, payload={"duration_s": 600, "until": now + timedelta(minutes=10)}),
        HealthDegraded(
            environment="staging",
            service="api",
            producer="monitor",
            payload={
                "status": "unhealthy",
                "previous_status": "healthy",
                "evidence": [{"ok": False, "version": "2.0.0", "http_status": 500, "reason": "HTTP 500"}],
            },
        ),
    ]
    await publish(redis_client, *backlog)  # before the rollback service reads anything: one batch
    with fleet(tmp_path) as world:
        plan = fleet_plan(tmp_path / "flightdeck.yaml", world, bake="10m")
        async with running(ROLLBACK, redis_url, plan_file=plan, batch_size=100):
            request = await wait_for(redis_client, "d9", "rollback-requested", within=15)
    assert request.payload.requested_by == "rollback-policy" and "api" in request.payload.reasons[0]
