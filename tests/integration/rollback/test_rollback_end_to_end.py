"""A bad version found while it bakes is rolled back with no person involved: the monitor sees it fail, the rollback
policy decides, the coordinator undoes the deployment in reverse order, and every service runs its old version."""

from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.rollback.app import DEFINITION as ROLLBACK
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, IncidentResolved, RollbackRequested, RollbackStarted
from shared.events.deployment import DeployRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.streams import Keys
from tests.support.deploy_world import events, wait_for
from tests.support.fleet import Fleet, fleet
from tests.support.inprocess import running
from tests.support.rollback_world import fleet_plan

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def deploy(redis: Redis, deployment_id: str, version: str) -> None:
    await EventPublisher(redis, Keys(), producer="ci").publish(
        DeployRequested(
            deployment_id=deployment_id, environment="staging", payload=DeployRequestedPayload(version=version)
        )
    )


async def reported(world: Fleet, service: str) -> str:
    async with httpx.AsyncClient() as client:
        return str((await client.get(world.detailed_url(service))).json()["version"])


async def test_a_version_failing_during_bake_is_rolled_back_in_reverse_order(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    with fleet(tmp_path) as world:
        fleet_plan(plan, world, bake="0s")
        async with (
            running(MONITOR, redis_url, plan_file=str(plan)),
            running(COORDINATOR, redis_url, plan_file=str(plan)),
            running(ROLLBACK, redis_url, plan_file=str(plan)),
        ):
            await deploy(redis_client, "d1", "1.0.0")
            assert (
                await wait_for(redis_client, "d1", "deployment-succeeded", "deployment-failed", within=60)
            ).type == "deployment-succeeded"
            fleet_plan(plan, world, bake="60s")
            await deploy(redis_client, "d2", "2.0.0")
            await wait_for(redis_client, "d2", "bake-started", within=60)
            world.bad.add(("api", "2.0.0"))  # the new api starts answering 500
            done = await wait_for(
                redis_client, "d2", "deployment-rolled-back", "rollback-failed", "deployment-succeeded", within=30
            )
            assert done.type == "deployment-rolled-back", done
            for service in ("api", "worker", "web"):
                assert await reported(world, service) == "1.0.0"
        assert world.version("migrate") == "1.0.0"
    trail = await events(redis_client, "d2")
    requested = next(e for e in trail if isinstance(e, RollbackRequested))
    assert requested.payload.requested_by == "rollback-policy" and requested.payload.trigger == "health"
    assert any("api" in reason for reason in requested.payload.reasons)
    started = next(e for e in trail if isinstance(e, RollbackStarted))
    assert started.payload.waves == [["web"], ["api", "worker"], ["migrate"]]
    undone = [service for step, service, version in world.record() if step == "rollback"]
    assert undone[0] == "web" and set(undone[1:3]) == {"api", "worker"} and undone[3] == "migrate"
    assert sum(e.type == "rollback-requested" for e in trail) == 1
    incident = await wait_for(redis_client, "d2", "incident-resolved")
    assert isinstance(incident, IncidentResolved)
    assert incident.payload.outcome == "rolled-back" and incident.payload.time_to_recover_s is not None
    assert incident.payload.time_to_detect_s is not None and incident.payload.reasons


async def test_a_blue_green_service_is_switched_back_without_a_redeploy(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    with fleet(tmp_path) as world:
        fleet_plan(plan, world, bake="0s", blue_green=True)
        async with (
            running(MONITOR, redis_url, plan_file=str(plan)),
            running(COORDINATOR, redis_url, plan_file=str(plan)),
        ):
            await deploy(redis_client, "d1", "1.0.0")
            assert (
                await wait_for(redis_client, "d1", "deployment-succeeded", "deployment-failed", within=60)
            ).type == "deployment-succeeded"
            fleet_plan(plan, world, bake="60s", blue_green=True)
            await deploy(redis_client, "d2", "2.0.0")
            await wait_for(redis_client, "d2", "bake-started", within=60)
            assert world.version("api") == "2.0.0" and (tmp_path / "api.live").read_text() == "green"
            await EventPublisher(redis_client, Keys(), producer="cli").publish(
                RollbackRequested(
                    deployment_id="d2",
                    environment="staging",
                    payload=RollbackRequestedPayload(reason="customers see errors", requested_by="ana"),
                )
            )
            done = await wait_for(redis_client, "d2", "deployment-rolled-back", "rollback-failed", within=30)
            assert done.type == "deployment-rolled-back", done
    assert (tmp_path / "api.live").read_text() == "blue" and world.version("api") == "1.0.0"
    api_steps = [(step, value) for step, service, value in world.record() if service == "api"]
    assert api_steps[-1] == ("rollback", "blue"), "switched back to blue"
    assert ("rollback", "1.0.0") not in api_steps, "no redeploy of the old version"
