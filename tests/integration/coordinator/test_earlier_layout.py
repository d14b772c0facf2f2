"""A deployment the earlier release wrote (one JSON string per deployment and per environment) is read by every
reader, and the coordinator carries it on: its next write turns both into hashes, which read the same."""

import json
from datetime import UTC, datetime

from redis.asyncio import Redis

from services.coordinator.domain import intake
from services.coordinator.domain.model import EnvironmentState, Phase, Step
from services.coordinator.store import DeploymentStore
from shared.bus.publisher import EventPublisher
from shared.events import ApprovalGranted, DeployRequested
from shared.events.deployment import ApprovalGrantedPayload, DeployRequestedPayload
from shared.keys.coordinator import CoordinatorKeys
from shared.plan import parse_plan, resolve_for_environment
from shared.reads import snapshots
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import ended

OWN = CoordinatorKeys.of(Keys())


async def test_an_earlier_release_s_deployment_is_read_and_goes_on_in_the_new_layout(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis
) -> None:
    plan = resolve_for_environment(parse_plan(stage.plan_file.read_text()), "production")
    asked = DeployRequested(
        deployment_id="old-1", environment="production", payload=DeployRequestedPayload(version="1.0.0")
    )
    transition = intake.requested(
        EnvironmentState(name="production"), None, asked, intake.PinnedPlan(plan), datetime.now(UTC)
    )
    (written,) = transition.deployments.values()
    assert written.phase is Phase.AWAITING_APPROVAL
    await redis_client.set(OWN.deployment("old-1"), written.model_dump_json())  # as the earlier release wrote them
    await redis_client.set(OWN.environment("production"), transition.env.model_dump_json())
    store = DeploymentStore(redis_client, Keys(), lambda *_: None)
    assert await store.deployment("old-1") == written
    before = json.loads(await snapshots.deployment(redis_client, OWN, "old-1") or "{}")
    assert before["phase"] == "awaiting-approval" and sorted(before["services"]) == sorted(written.services)

    approval = ApprovalGrantedPayload(approved_by="alice")
    await EventPublisher(redis_client, Keys(), producer="ci").publish(
        ApprovalGranted(deployment_id="old-1", environment="production", payload=approval)
    )
    assert (await ended(redis_client, "old-1")).type == "deployment-succeeded"

    assert await redis_client.type(OWN.deployment("old-1")) in (b"hash", "hash")
    assert await redis_client.type(OWN.environment("production")) in (b"hash", "hash")
    after = await store.deployment("old-1")
    assert after is not None and after.phase is Phase.SUCCEEDED and after.version > written.version
    assert list(after.services) == list(written.services), "its services, in their order"
    assert {p.step for p in after.services.values()} == {Step.PASSED}
    env = await store.environment("production")
    assert env.active is None and set(env.desired) == set(written.services)
    shown = json.loads(await snapshots.deployment(redis_client, OWN, "old-1") or "{}")
    assert shown["phase"] == "succeeded" and shown["specs"] == json.loads(written.model_dump_json())["specs"]
