"""Verification feeds the rollback decision, end to end: the coordinator asks for it after the last wave, the
rollback service runs the plan's checks against the new versions, and a failed check rolls the deployment back with
its evidence, while a passing one lets it bake and succeed."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.rollback.app import DEFINITION as ROLLBACK
from shared.events import DeploymentFailed, VerificationFailed, VerificationPassed
from tests.integration.rollback.test_rollback_end_to_end import deploy
from tests.support.asgi_server import serving
from tests.support.deploy_world import wait_for
from tests.support.fleet import fleet
from tests.support.inprocess import running
from tests.support.rollback_world import fleet_plan
from tests.support.verify_app import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def with_verification(plan: Path, orders: str) -> None:
    data: dict[str, Any] = yaml.safe_load(plan.read_text())
    api = data["services"]["api"]
    api["verification"] = {
        "smoke": [
            {
                "url": api["health"]["detailed"],
                "name": "new version answers",
                "expect": {"json": [{"path": "version", "equals": "{version}"}]},
            },
            {"url": orders, "name": "orders", "expect": {"json": [{"path": "orders[0].id", "exists": True}]}},
        ],
        "timeout": "30s",
    }
    plan.write_text(yaml.safe_dump(data, sort_keys=False))


async def test_a_failed_verification_rolls_the_deployment_back_with_its_evidence(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    plan, shop = tmp_path / "flightdeck.yaml", Service()
    shop.set("/orders", document={"orders": [{"id": 1}]})
    with fleet(tmp_path) as world:
        async with serving(shop.app) as base:
            fleet_plan(plan, world, bake="0s")
            with_verification(plan, f"{base}/orders")
            async with (
                running(MONITOR, redis_url, plan_file=str(plan)),
                running(COORDINATOR, redis_url, plan_file=str(plan)),
                running(ROLLBACK, redis_url, plan_file=str(plan)),
            ):
                await deploy(redis_client, "v1", "1.0.0")
                passed = await wait_for(redis_client, "v1", VerificationPassed, within=60)
                assert [r.name for r in passed.payload.results] == ["new version answers", "orders"]
                done = await wait_for(redis_client, "v1", "deployment-succeeded", "deployment-failed", within=30)
                assert done.type == "deployment-succeeded"
                shop.set("/orders", status=200, document={"orders": []})  # 2.0.0 lost the orders
                await deploy(redis_client, "v2", "2.0.0")
                failed = await wait_for(redis_client, "v2", VerificationFailed, within=60)
                done = await wait_for(redis_client, "v2", "deployment-rolled-back", "rollback-failed", within=60)
                assert done.type == "deployment-rolled-back"
                assert world.version("api") == "1.0.0"
    (orders,) = [r for r in failed.payload.results if not r.passed]
    assert (orders.service, orders.name) == ("api", "orders")
    assert orders.detail == "expected orders[0].id present, got no orders[0].id in the body"
    assert orders.reproduce == f"curl -sS -i {base}/orders"
    assert failed.payload.summary.startswith("1 of 2 checks failed: smoke api orders: expected orders[0].id")
    ended = await wait_for(redis_client, "v2", DeploymentFailed)
    assert ended.payload.reason.startswith("verification failed: 1 of 2 checks failed")
