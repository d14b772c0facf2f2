"""The operator's commands against a real coordinator: record, history, status, approve, rollback, confirmation."""

import asyncio
import json
from typing import Any

import pytest
from redis.asyncio import Redis

from cli.main import main
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentCancelled, DeployRequested
from shared.events.deployment import DeployRequestedPayload
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import snapshots
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.coordinator.conftest import Stage
from tests.support.deploy_world import wait_for
from tests.support.inprocess import eventually

ENDED = ("deployment-succeeded", "deployment-failed", "deployment-rejected", "deployment-rolled-back")


async def flightdeck(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        await asyncio.to_thread(main, list(argv))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, capsys.readouterr().out


async def deploy(redis: Redis, deployment_id: str, version: str, environment: str = "staging") -> None:
    await EventPublisher(redis, Keys(), producer="ci").publish(
        DeployRequested(
            deployment_id=deployment_id, environment=environment, payload=DeployRequestedPayload(version=version)
        )
    )


async def env_state(redis: Redis, name: str = "staging") -> dict[str, Any]:
    state: dict[str, Any] = json.loads(await snapshots.environment(redis, CoordinatorKeys.of(Keys()), name) or "{}")
    return state


@pytest.fixture(autouse=True)
def _redis_url(stage: Stage, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reaches the test's Redis, and reads the plan where the coordinator does (its file)."""
    monkeypatch.setenv("REDIS_URL", stage.redis_url)
    monkeypatch.setenv("FLIGHTDECK_PLAN_FILE", str(stage.plan_file))


async def test_record_updates_history_and_desired_state(
    coordinator: ServiceRuntime,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = await flightdeck(
        capsys, "record", "--env", "staging", "--service", "api", "--version", "9.9.9", "--reason", "hotfix by hand"
    )
    assert code == 0 and "deployment-recorded" in out

    async def desired() -> bool:
        version: object = (await env_state(redis_client)).get("desired", {}).get("api", {}).get("version")
        return version == "9.9.9"

    await eventually(desired)
    code, out = await flightdeck(capsys, "history", "--env", "staging", "--json")
    (row,) = json.loads(out)["deployments"]
    assert row["id"].startswith("rec-") and row["phase"] == "succeeded" and row["services"]["api"]["version"] == "9.9.9"
    code, out = await flightdeck(capsys, "status", "--env", "staging")
    assert code == 0 and "api 9.9.9" in out and "ok" in out


async def test_rollback_of_an_environment_goes_back_to_what_ran_before(
    coordinator: ServiceRuntime,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await deploy(redis_client, "d1", "1.0.0")
    assert (await wait_for(redis_client, "d1", *ENDED)).type == "deployment-succeeded"
    await deploy(redis_client, "d2", "2.0.0")
    assert (await wait_for(redis_client, "d2", *ENDED)).type == "deployment-succeeded"
    code, out = await flightdeck(capsys, "rollback", "--env", "staging", "--reason", "customers complain")
    assert code == 0 and "deploy-requested" in out
    deployment_id = out.split("deploy-requested ")[1].split()[0]
    assert (await wait_for(redis_client, deployment_id, *ENDED)).type == "deployment-succeeded"
    desired = (await env_state(redis_client))["desired"]
    assert {name: d["version"] for name, d in desired.items()} == dict.fromkeys(desired, "1.0.0")


async def test_production_asks_first_and_approve_lets_it_go(
    coordinator: ServiceRuntime,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await deploy(redis_client, "p1", "1.0.0", "production")
    await wait_for(redis_client, "p1", "approval-requested")
    code, out = await flightdeck(capsys, "status", "--env", "production", "--json")
    report = json.loads(out)
    assert code == 1 and "waits for approval" in report["environments"][0]["needs_person"][0]
    code, _ = await flightdeck(capsys, "approve", "p1")
    assert code == 2, "not a terminal and no --yes: nothing is published"
    code, _ = await flightdeck(capsys, "approve", "p1", "--yes", "--by", "ana")
    assert code == 0
    assert (await wait_for(redis_client, "p1", *ENDED)).type == "deployment-succeeded"


async def test_an_unknown_deployment_and_an_unreachable_redis_say_what_to_do(
    coordinator: ServiceRuntime,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    try:
        await asyncio.to_thread(main, ["cancel", "nope", "--yes"])
    except SystemExit as exit_:
        assert exit_.code == 1
    assert "no deployment nope: see `flightdeck history`" in capsys.readouterr().err
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    try:
        await asyncio.to_thread(main, ["status"])
    except SystemExit as exit_:
        assert exit_.code == 4
    assert "cannot reach Redis at REDIS_URL=redis://127.0.0.1:1/0" in capsys.readouterr().err


async def test_logs_show_what_the_commands_printed(
    coordinator: ServiceRuntime,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await deploy(redis_client, "l1", "1.0.0")
    assert (await wait_for(redis_client, "l1", *ENDED)).type == "deployment-succeeded"

    async def logged() -> bool:
        return bool(await redis_client.xlen("flightdeck:log:l1"))

    await eventually(logged)
    code, out = await flightdeck(capsys, "logs", "l1", "--follow")  # ended: prints everything, then returns
    assert code == 0 and "deploying api 1.0.0" in out and "warning from web" in out


async def test_cancel_stops_a_deployment(
    coordinator: ServiceRuntime,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "30")
    await deploy(redis_client, "c1", "1.0.0")
    await wait_for(redis_client, "c1", "service-deploy-started")
    code, out = await flightdeck(capsys, "cancel", "c1", "--reason", "wrong build")
    assert code == 0 and "cancel-requested" in out
    cancelled = await wait_for(redis_client, "c1", DeploymentCancelled)
    assert cancelled.payload.reason == "wrong build" and "@" in cancelled.payload.cancelled_by  # $USER@host
