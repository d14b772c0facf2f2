"""Deployments end to end through Redis Streams: real scripts, a real health endpoint, the coordinator's runtime."""

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import events, records, wait_for


async def _request(redis: Redis, deployment_id: str, **payload: object) -> None:
    event = DeployRequested(deployment_id=deployment_id, environment="staging", payload=payload)
    await EventPublisher(redis, Keys(), producer="ci").publish(event)


async def test_a_diamond_deploys_wave_by_wave_with_parallel_middle(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: object
) -> None:
    import os

    os.environ["DEPLOY_SECONDS"] = "0.4"
    try:
        await _request(redis_client, "dep-1", version="1.0.0")
        done = await wait_for(redis_client, "dep-1", "deployment-succeeded", "deployment-failed")
    finally:
        del os.environ["DEPLOY_SECONDS"]
    assert done.type == "deployment-succeeded", done
    rows = records(stage.record)
    times = {(what, service): at for what, service, _, at in rows}
    assert len(rows) == 8, "each of the four scripts ran exactly once"
    assert times[("end", "migrate")] < min(times[("start", "api")], times[("start", "worker")])
    assert times[("start", "api")] < times[("end", "worker")] and times[("start", "worker")] < times[("end", "api")]
    assert times[("start", "web")] > max(times[("end", "api")], times[("end", "worker")])
    kinds = [e.type for e in await events(redis_client, "dep-1")]
    assert kinds.count("health-gate-passed") == 3, "migrate is a job: no gate"
    assert kinds.index("deployment-started") < kinds.index("stage-started") < kinds.index("deployment-succeeded")
