"""Deployments end to end through Redis Streams: real scripts, a real health endpoint, the coordinator's runtime."""

from typing import cast

import pytest
from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import (
    ApprovalGranted,
    CancelRequested,
    DeploymentQueued,
    DeployRequested,
    Event,
    RollbackRequested,
    ServiceDeployFailed,
)
from shared.events.deployment import ApprovalGrantedPayload, CancelRequestedPayload, DeployRequestedPayload
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import ended, events, records, wait_for
from tests.support.inprocess import eventually


async def _publish(redis: Redis, event: Event) -> None:
    await EventPublisher(redis, Keys(), producer="ci").publish(event)


async def _request(
    redis: Redis, deployment_id: str, payload: DeployRequestedPayload, environment: str = "staging"
) -> None:
    await _publish(redis, DeployRequested(deployment_id=deployment_id, environment=environment, payload=payload))


async def test_a_diamond_deploys_wave_by_wave_with_parallel_middle(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "0.4")
    await _request(redis_client, "dep-1", DeployRequestedPayload(version="1.0.0"))
    done = await ended(redis_client, "dep-1")
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
    log = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis_client.xrange(Keys().deployment_log("dep-1")))
    lines = [fields[b"line"].decode() for _, fields in log]
    assert "deploying api 1.0.0" in lines and "warning from web" in lines, "script output reaches the live log"


async def test_a_failing_script_stops_the_deployment_and_requests_rollback(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL_SERVICES", "api")
    await _request(redis_client, "dep-2", DeployRequestedPayload(version="2.0.0"))
    failed = await ended(redis_client, "dep-2")
    assert failed.type == "deployment-failed"
    assert failed.payload.failed_services == ["api"] and "exited with code 3" in failed.payload.reason
    rollback = await wait_for(redis_client, "dep-2", RollbackRequested)
    assert set(rollback.payload.services) == {"migrate", "api", "worker"} and rollback.payload.trigger == "deploy"
    assert "web" not in {service for _, service, _, _ in records(stage.record)}, "web never started"


async def test_a_timeout_kills_the_script_and_its_children(
    stage: Stage, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.coordinator.app import DEFINITION
    from tests.support.deploy_world import diamond_plan
    from tests.support.inprocess import running

    stage.plan_file.write_text(
        diamond_plan({n: stage.health.url(n) for n in ("api", "worker", "web")}, timeouts={"deploy": "1s"})
    )
    monkeypatch.setenv("HANG_SERVICES", "worker")
    async with running(DEFINITION, stage.redis_url, plan_file=str(stage.plan_file)):
        await _request(redis_client, "dep-3", DeployRequestedPayload(version="3.0.0"))
        failed = await ended(redis_client, "dep-3")
    assert failed.type == "deployment-failed" and "timed out after 1s" in failed.payload.reason
    children = [int(pid) for pid in (stage.record.parent / "record.txt.children").read_text().split()]
    assert children and all(_gone(pid) for pid in children)


def _gone(pid: int) -> bool:
    """No such process, or only its zombie left for its parent to reap."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


async def test_a_second_request_queues_until_the_first_ends(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "0.2")
    await _request(redis_client, "first", DeployRequestedPayload(version="1.0.0", services=["api"]))
    await _request(redis_client, "second", DeployRequestedPayload(version="1.1.0", services=["api"]))
    queued = await wait_for(redis_client, "second", DeploymentQueued)
    assert queued.payload.behind == "first" and queued.payload.position == 1
    assert (await ended(redis_client, "second")).type == "deployment-succeeded"
    starts = [(service, version, at) for what, service, version, at in records(stage.record) if what == "start"]
    ends = {version: at for what, _, version, at in records(stage.record) if what == "end"}
    assert [v for _, v, _ in starts] == ["1.0.0", "1.1.0"] and starts[1][2] > ends["1.0.0"]


async def test_production_waits_for_approval(stage: Stage, coordinator: ServiceRuntime, redis_client: Redis) -> None:
    await _request(redis_client, "prod-1", DeployRequestedPayload(version="1.0.0", services=["api"]), "production")
    await wait_for(redis_client, "prod-1", "approval-requested")
    assert records(stage.record) == [], "nothing runs before approval"
    await _publish(
        redis_client,
        ApprovalGranted(
            deployment_id="prod-1", environment="production", payload=ApprovalGrantedPayload(approved_by="alice")
        ),
    )
    assert (await ended(redis_client, "prod-1")).type == "deployment-succeeded"


async def test_cancel_terminates_running_scripts_and_offers_rollback(
    stage: Stage, coordinator: ServiceRuntime, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "30")
    await _request(redis_client, "dep-4", DeployRequestedPayload(version="4.0.0", services=["api", "worker"]))

    async def both_started() -> bool:
        return len([r for r in records(stage.record) if r[0] == "start"]) == 2

    await eventually(both_started)
    await _publish(
        redis_client,
        CancelRequested(
            deployment_id="dep-4",
            environment="staging",
            payload=CancelRequestedPayload(requested_by="bob", reason="wrong build"),
        ),
    )
    cancelled = await ended(redis_client, "dep-4")
    assert cancelled.type == "deployment-cancelled" and cancelled.payload.cancelled_by == "bob"
    rollback = await wait_for(redis_client, "dep-4", RollbackRequested)
    assert rollback.payload.reason == "cancelled" and set(rollback.payload.services) == {"api", "worker"}

    async def both_stopped() -> bool:
        outcomes = [e for e in await events(redis_client, "dep-4") if isinstance(e, ServiceDeployFailed)]
        return sorted(e.payload.reason for e in outcomes) == ["cancelled", "cancelled"]

    await eventually(both_stopped)
    assert not [r for r in records(stage.record) if r[0] == "end"], "the scripts were stopped, not finished"


@pytest.mark.parametrize(
    ("environment", "payload", "reason"),
    [
        ("nowhere", DeployRequestedPayload(version="1.0.0"), "no environment 'nowhere' in the plan"),
        ("staging", DeployRequestedPayload(version="1.0.0", services=["ghost"]), "unknown service 'ghost'"),
        ("staging", DeployRequestedPayload(versions={"api": "../../etc"}), "is not a version for 'api'"),
    ],
)
async def test_bad_requests_are_rejected_with_a_reason(
    stage: Stage,
    coordinator: ServiceRuntime,
    redis_client: Redis,
    environment: str,
    payload: DeployRequestedPayload,
    reason: str,
) -> None:
    await _request(redis_client, "bad", payload, environment)
    rejected = await ended(redis_client, "bad")
    assert rejected.type == "deployment-rejected" and reason in rejected.payload.reason
