"""A backlog read in one batch (after a restart, or lag): the deployment's events and the health event that
condemns it are handled in stream order, so the rollback is still asked for."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.rollback.app import DEFINITION as ROLLBACK
from shared.events import BakeStarted, HealthDegraded, ProbeEvidence, RollbackRequested
from shared.events.deployment import BakeStartedPayload
from shared.events.health import HealthChangePayload
from tests.support.deploy_world import wait_for
from tests.support.fleet import fleet
from tests.support.inprocess import running
from tests.support.rollback_world import Ids, api_deployed, fleet_plan, publish

pytestmark = pytest.mark.integration


async def test_a_backlog_is_decided_in_order(redis_url: str, redis_client: Redis, tmp_path: Path) -> None:
    ids: Ids = {"deployment_id": "d9", "environment": "staging", "producer": "coordinator"}
    now = datetime.now(UTC)
    backlog = [
        *api_deployed(ids, "2.0.0", previous="1.0.0"),
        BakeStarted(**ids, payload=BakeStartedPayload(duration_s=600, until=now + timedelta(minutes=10))),
        HealthDegraded(
            environment="staging",
            service="api",
            producer="monitor",
            payload=HealthChangePayload(
                status="unhealthy",
                previous_status="healthy",
                evidence=[ProbeEvidence(ok=False, version="2.0.0", http_status=500, reason="HTTP 500")],
            ),
        ),
    ]
    await publish(redis_client, *backlog)  # before the rollback service reads anything: one batch
    with fleet(tmp_path) as world:
        plan = fleet_plan(tmp_path / "flightdeck.yaml", world, bake="10m")
        async with running(ROLLBACK, redis_url, plan_file=plan, batch_size=100):
            request = await wait_for(redis_client, "d9", "rollback-requested", within=15)
    assert isinstance(request, RollbackRequested)
    assert request.payload.requested_by == "rollback-policy" and "api" in request.payload.reasons[0]
