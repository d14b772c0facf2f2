"""A health finding whose failing probes began before the new version went live is not about that version: a
probe of the old (or not yet written) version reported a moment after the deploy finished rolls nothing back."""

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.events import HealthDegraded, ProbeEvidence
from shared.events.health import HealthChangePayload
from tests.support.deploy_world import events, wait_for
from tests.support.rollback_world import baking, publish

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def degraded(service: str, failing_since: float | None) -> HealthDegraded:
    return HealthDegraded(
        environment="staging",
        service=service,
        producer="monitor",
        payload=HealthChangePayload(
            status="unhealthy",
            previous_status="healthy",
            failing_since=failing_since,
            evidence=[ProbeEvidence(ok=False, http_status=500, reason="HTTP 500")],
        ),
    )


async def test_a_failing_run_that_began_before_the_version_went_live_rolls_nothing_back(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
) -> None:
    async with baking(redis_url, redis_client, tmp_path):
        live = next(
            e
            for e in await events(redis_client, "d2")
            if e.type == "service-deploy-succeeded" and e.service == "worker"
        ).occurred_at.timestamp()
        await publish(redis_client, degraded("worker", failing_since=live - 0.05))
        await asyncio.sleep(1.5)
        assert [e for e in await events(redis_client, "d2") if e.type == "rollback-requested"] == []
        await publish(redis_client, degraded("worker", failing_since=live + 0.5))
        done = await wait_for(redis_client, "d2", "deployment-rolled-back", "rollback-failed", within=30)
    assert done.type == "deployment-rolled-back"
