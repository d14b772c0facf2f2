"""Blue-green end to end: the new color is deployed and gated, then the switch command moves traffic to it."""

import sys

import yaml
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, HealthGateRequested
from shared.events.deployment import DeployRequestedPayload
from shared.streams import Keys
from tests.integration.coordinator.conftest import SERVICES, Stage
from tests.support.deploy_world import SCRIPT, diamond_plan, events, records, wait_for
from tests.support.inprocess import running


async def test_blue_green_switches_after_the_new_color_is_healthy(stage: Stage, redis_client: Redis) -> None:
    plan = yaml.safe_load(diamond_plan({name: stage.health.url(name) for name in SERVICES}))
    plan["services"]["web"]["strategy"] = {
        "type": "blue-green",
        "switch": [sys.executable, SCRIPT, "{service}-switch", "{color}"],
    }
    plan["services"]["web"]["deploy"] = [sys.executable, SCRIPT, "{service}", "{version}-{color}"]
    stage.plan_file.write_text(yaml.safe_dump(plan))
    publisher = EventPublisher(redis_client, Keys(), producer="ci")
    async with running(DEFINITION, stage.redis_url, plan_file=str(stage.plan_file)):
        for deployment_id, version in (("bg-1", "1.0.0"), ("bg-2", "1.1.0")):
            await publisher.publish(
                DeployRequested(
                    deployment_id=deployment_id,
                    environment="staging",
                    payload=DeployRequestedPayload(version=version, services=["web"]),
                )
            )
            done = await wait_for(redis_client, deployment_id, "deployment-succeeded", "deployment-failed")
            assert done.type == "deployment-succeeded", done
    starts = [(service, version) for what, service, version, _ in records(stage.record) if what == "start"]
    assert starts == [("web", "1.0.0-blue"), ("web-switch", "blue"), ("web", "1.1.0-green"), ("web-switch", "green")]
    kinds = [e.type for e in await events(redis_client, "bg-2")]
    assert kinds.index("health-gate-passed") < max(i for i, k in enumerate(kinds) if k == "service-deploy-started")
    gate = next(e for e in await events(redis_client, "bg-2") if isinstance(e, HealthGateRequested))
    assert gate.payload.color == "green"
