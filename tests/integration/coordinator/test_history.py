"""The state can be rebuilt from the events: folding each deployment's events gives the coordinator's snapshot."""

import pytest
from redis.asyncio import Redis

from services.coordinator.domain.history import rebuild
from services.coordinator.store import DeploymentStore
from shared.bus.publisher import EventPublisher
from shared.events import CancelRequested, DeployRequested
from shared.events.deployment import CancelRequestedPayload, DeployRequestedPayload
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import events, records, wait_for
from tests.support.inprocess import eventually

ENDED = ("deployment-succeeded", "deployment-failed", "deployment-rejected", "deployment-cancelled")


async def _assert_rebuilds(redis: Redis, deployment_id: str) -> None:
    stored = await DeploymentStore(redis, Keys(), lambda *_: None).deployment(deployment_id)
    view = rebuild(await events(redis, deployment_id))
    assert stored is not None and view is not None
    assert view.phase == stored.phase, (view, stored.phase)
    assert view.failure == stored.failure
    if stored.services and stored.started_at:
        assert view.versions == stored.versions()
        assert view.steps == {name: p.step for name, p in stored.services.items()}
        assert view.undo == {name: p.undo for name, p in stored.services.items() if p.undo}


async def test_every_ending_rebuilds_from_the_stream(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    publisher = EventPublisher(redis_client, Keys(), producer="ci")

    async def request(deployment_id: str, payload: DeployRequestedPayload) -> None:
        await publisher.publish(DeployRequested(deployment_id=deployment_id, environment="staging", payload=payload))

    await request("ok", DeployRequestedPayload(version="1.0.0"))
    assert (await wait_for(redis_client, "ok", *ENDED)).type == "deployment-succeeded"
    await request("bad", DeployRequestedPayload(version="1.0.0", services=["nope"]))
    await wait_for(redis_client, "bad", *ENDED)
    monkeypatch.setenv("FAIL_SERVICES", "worker")
    await request("broken", DeployRequestedPayload(version="2.0.0"))
    await wait_for(redis_client, "broken", "deployment-rolled-back", "rollback-failed")
    monkeypatch.delenv("FAIL_SERVICES")
    for deployment_id in ("ok", "bad", "broken"):
        await _assert_rebuilds(redis_client, deployment_id)


async def test_a_cancelled_deployment_rebuilds_from_the_stream(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "30")
    publisher = EventPublisher(redis_client, Keys(), producer="ci")
    await publisher.publish(
        DeployRequested(
            deployment_id="stop",
            environment="staging",
            payload=DeployRequestedPayload(version="3.0.0", services=["api", "worker"]),
        )
    )
    await eventually(lambda: len(records(stage.record)) == 2)
    await publisher.publish(
        CancelRequested(deployment_id="stop", environment="staging", payload=CancelRequestedPayload())
    )
    await wait_for(redis_client, "stop", "deployment-rolled-back", "rollback-failed")
    await _assert_rebuilds(redis_client, "stop")
