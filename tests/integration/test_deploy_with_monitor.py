"""The coordinator and the monitor together: a deployment gated by real probes, with no stand-in in between."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.monitor.timeline import milestones
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested
from shared.events.deployment import DeployRequestedPayload
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from shared.text import text
from tests.support.deploy_world import diamond_plan, events, wait_for
from tests.support.health_server import health_server
from tests.support.inprocess import running


async def test_a_deployment_gated_by_the_monitor(
    redis_url: str, redis_client: Redis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECORD_FILE", str(tmp_path / "record.txt"))
    with health_server() as health:
        plan_file = tmp_path / "flightdeck.yaml"
        urls = {name: health.url(name) for name in ("api", "worker", "web")}
        plan_file.write_text(diamond_plan(urls, rollback_policy={"bake_time": "1s"}))
        async with (
            running(MONITOR, redis_url, plan_file=str(plan_file)),
            running(COORDINATOR, redis_url, plan_file=str(plan_file)),
        ):
            await EventPublisher(redis_client, Keys(), producer="ci").publish(
                DeployRequested(
                    deployment_id="real", environment="staging", payload=DeployRequestedPayload(version="1.0.0")
                )
            )
            done = await wait_for(redis_client, "real", "deployment-succeeded", "deployment-failed", within=60)
    assert done.type == "deployment-succeeded", done
    passed = [e for e in await events(redis_client, "real") if e.type == "health-gate-passed"]
    assert {e.service for e in passed} == {"api", "worker", "web"} and {e.producer for e in passed} == {"monitor"}
    kinds = [e.type for e in await events(redis_client, "real")]
    assert kinds.index("bake-started") < kinds.index("deployment-succeeded")
    steps = [(m["milestone"], m["service"]) for m in await milestones(redis_client, Keys(), "real")]
    for service in ("api", "worker", "web"):
        assert steps.index(("first-probe", service)) < steps.index(("gate-passed", service))
    assert steps[-2:] == [("bake-started", ""), ("bake-ended", "")]
    window = await redis_client.hgetall(MonitorKeys.of(Keys()).bake("staging"))
    assert {text(name) for name in window} == {"migrate", "api", "worker", "web"}, "watched closely while baking"
