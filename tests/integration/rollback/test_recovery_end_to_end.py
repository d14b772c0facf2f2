"""Drift, end to end: a service someone changed by hand is found by its reported version and, when the plan
allows, put back to the version Flightdeck deployed, by a real redeploy through the coordinator."""

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.rollback.app import DEFINITION as ROLLBACK
from shared.events import DeploymentSucceeded, DeployRequested, DriftDetected
from tests.support.deploy_world import events
from tests.support.fleet import fleet
from tests.support.inprocess import eventually, running
from tests.support.rollback_world import deploy, fleet_plan

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_drift_is_detected_and_corrected(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FLIGHTDECK_METRICS_BUCKET", "0.5")  # the monitor's figures, in half-second buckets
    monkeypatch.setenv("FLIGHTDECK_DRIFT_INTERVAL", "300ms")
    plan = tmp_path / "flightdeck.yaml"
    with fleet(tmp_path) as world:
        fleet_plan(plan, world, bake="0s", recovery={"correct_drift": True})
        async with (
            running(MONITOR, redis_url, plan_file=str(plan)),
            running(COORDINATOR, redis_url, plan_file=str(plan)),
            running(ROLLBACK, redis_url, plan_file=str(plan)),
        ):
            assert (await deploy(redis_client, "d1", "1.0.0")).type == "deployment-succeeded"
            await asyncio.sleep(1)
            (tmp_path / "api").write_text("0.9-hotfix")  # deployed by hand, past Flightdeck

            async def put_back() -> bool:
                return world.version("api") == "1.0.0" and any(
                    isinstance(e, DeploymentSucceeded) and e.deployment_id.startswith("drift-")
                    for e in await events(redis_client)
                )

            await eventually(put_back, within=30)
    found = [e for e in await events(redis_client) if isinstance(e, DriftDetected)]
    assert len(found) == 1 and found[0].service == "api"
    assert found[0].payload.reported_version == "0.9-hotfix" and found[0].payload.desired_version == "1.0.0"
    assert found[0].payload.action == "redeploy" and found[0].payload.desired_by == "d1"
    redeploys = [e for e in await events(redis_client) if isinstance(e, DeployRequested) and e.payload.redeploy]
    assert [e.payload.versions for e in redeploys] == [{"api": "1.0.0"}]
