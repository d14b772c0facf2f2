"""A deployment id used again: the same request (a CI job retried) follows the deployment it already made, to its
ending; a different one is refused at once, by the coordinator itself, naming the deployment that holds the id,
and that deployment goes on untouched. The very same event delivered twice is answered once."""

import json
from typing import cast

import pytest
from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, DeployRequestRefused
from shared.events.deployment import DeployRequestedPayload
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import snapshots
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.test_cli_deploy import _deploy, coordinator, shell  # noqa: F401 (fixtures)
from tests.support.deploy_world import events, wait_for
from tests.support.inprocess import eventually

ENDED = ("deployment-succeeded", "deployment-failed", "deployment-rejected", "deployment-rolled-back")


async def _snapshot(redis: Redis, deployment_id: str) -> dict[str, object]:
    snapshot: dict[str, object] = json.loads(
        await snapshots.deployment(redis, CoordinatorKeys.of(Keys()), deployment_id) or "{}"
    )
    return snapshot


async def test_the_same_request_again_follows_the_deployment_it_made(
    coordinator: ServiceRuntime,  # noqa: F811
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "ci-42") == 0
    capsys.readouterr()
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "ci-42", "--timeout", "1m") == 0
    out = capsys.readouterr().out
    assert "ci-42 is already this request's deployment (succeeded): following it from its start" in out
    assert "succeeded migrate 1.0.0, api 1.0.0, worker 1.0.0, web 1.0.0" in out
    assert out.rstrip().splitlines()[-1].startswith("succeeded ci-42 after ")
    assert [e.type for e in await events(redis_client, "ci-42")].count("deployment-started") == 1


async def test_a_rejected_request_retried_reports_its_rejection(
    coordinator: ServiceRuntime,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "staging", "--service", "nope=1.0.0", "--wait", "--id", "ci-7") == 3
    capsys.readouterr()
    again = ("--env", "staging", "--service", "nope=1.0.0", "--wait", "--id", "ci-7", "--timeout", "1m")
    assert await _deploy(*again) == 3
    out = capsys.readouterr().out
    assert "following it from its start" in out and "REJECTED  unknown service 'nope'" in out


async def test_a_different_request_with_a_used_id_is_refused_and_changes_nothing(
    coordinator: ServiceRuntime,  # noqa: F811
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "rel-1") == 0
    before = await _snapshot(redis_client, "rel-1")
    capsys.readouterr()
    assert await _deploy("--env", "staging", "--version", "2.0.0", "--wait", "--id", "rel-1", "--timeout", "1m") == 3
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith("refused rel-1 after ") and "deployment rel-1 already exists" in last
    assert "give this request a new --id" in last
    after = await _snapshot(redis_client, "rel-1")
    assert after == before, "the existing deployment is untouched"
    assert "deployment-rejected" not in [e.type for e in await events(redis_client, "rel-1")]


async def test_another_publisher_is_answered_too_while_the_deployment_runs(
    coordinator: ServiceRuntime,  # noqa: F811
    redis_client: Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "1")
    publisher = EventPublisher(redis_client, Keys(), producer="dashboard")
    first = DeployRequested(
        deployment_id="web-1", environment="staging", payload=DeployRequestedPayload(version="1.0.0")
    )
    await publisher.publish(first)
    await wait_for(redis_client, "web-1", "service-deploy-started")
    clash = DeployRequested(
        deployment_id="web-1", environment="staging", payload=DeployRequestedPayload(version="3.0.0")
    )
    await publisher.publish(clash)
    await publisher.publish(clash)  # delivered twice: answered once
    refused = await wait_for(redis_client, "web-1", DeployRequestRefused)
    assert refused.payload.request_event_id == clash.event_id and refused.causation_id == clash.event_id
    assert "web-1 already exists" in refused.payload.reason
    assert (await wait_for(redis_client, "web-1", *ENDED)).type == "deployment-succeeded"

    async def both_handled() -> bool:
        (group,) = [g for g in await redis_client.xinfo_groups(Keys().events) if g["name"] == b"coordinator"]
        newest = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis_client.xrevrange(Keys().events, count=1))
        last = newest[0][0]
        return bool(group["pending"] == 0 and group["last-delivered-id"] >= last)

    await eventually(both_handled)
    types = [e.type for e in await events(redis_client, "web-1")]
    assert types.count("deploy-request-refused") == 1 and "deployment-rejected" not in types
    assert (await _snapshot(redis_client, "web-1"))["phase"] == "succeeded"
