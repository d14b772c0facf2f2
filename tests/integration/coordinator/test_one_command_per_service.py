"""One service never runs two commands at once, whoever asks: a rollback asked for while a deploy command runs
waits until that command has really ended (killed, and done draining) before its own command starts."""

from typing import cast

import pytest
from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, Event, RollbackRequested
from shared.events.deployment import DeployRequestedPayload
from shared.events.rollback import RollbackRequestedPayload
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import records, wait_for
from tests.support.inprocess import eventually

ENDED = ("deployment-rolled-back", "rollback-failed", "deployment-failed")


async def _publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="ci").publish(event)


async def test_a_rollback_waits_for_the_deploy_command_it_stops(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _publish(
        redis_client,
        DeployRequested(deployment_id="d1", environment="staging", payload=DeployRequestedPayload(version="1.0.0")),
    )
    assert (
        await wait_for(redis_client, "d1", "deployment-succeeded", "deployment-failed")
    ).type == "deployment-succeeded"
    monkeypatch.setenv("DEPLOY_SECONDS", "60")
    monkeypatch.setenv("TERM_SECONDS", "1.5")  # the deploy script drains for 1.5 s once told to stop
    await _publish(
        redis_client,
        DeployRequested(deployment_id="d2", environment="staging", payload=DeployRequestedPayload(version="2.0.0")),
    )
    await eventually(lambda: ("start", "migrate", "2.0.0") in {r[:3] for r in records(stage.record)}, within=30)
    monkeypatch.setenv("DEPLOY_SECONDS", "0")  # the rollback's own command: quick
    await _publish(
        redis_client,
        RollbackRequested(
            deployment_id="d2",
            environment="staging",
            payload=RollbackRequestedPayload(reason="a person asked", trigger="manual", requested_by="someone"),
        ),
    )
    done = await wait_for(redis_client, "d2", "deployment-rolled-back", "rollback-failed", within=60)
    assert done.type == "deployment-rolled-back"
    rows = records(stage.record)
    stopped = [at for what, service, version, at in rows if (what, service, version) == ("stopped", "migrate", "2.0.0")]
    back = [at for what, service, version, at in rows if (what, service, version) == ("start", "migrate", "1.0.0")]
    assert stopped and back[-1] > stopped[0], f"two commands of migrate ran at once: {rows}"
    log = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis_client.xrange(Keys().deployment_log("d2")))
    lines = [f[b"line"].decode() for _, f in log]
    assert any("waits" in line and "one command per service" in line for line in lines), lines
