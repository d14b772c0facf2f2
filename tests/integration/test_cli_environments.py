"""Only the plan's environments exist: a mistyped one is rejected with the known ones named and leaves no state
behind; `status` lists the plan's environments, and an unknown one is an error naming them."""

import json
from pathlib import Path

import pytest
from redis.asyncio import Redis

from shared.keys.coordinator import CoordinatorKeys
from shared.runtime.service import ServiceRuntime
from shared.streams import Keys
from tests.integration.cli_run import exit_code as _run
from tests.integration.cli_run import in_thread as _flightdeck
from tests.integration.test_cli_deploy import _deploy, coordinator, shell  # noqa: F401 (fixtures)

COORDINATOR = CoordinatorKeys.of(Keys())


@pytest.fixture
def plan_for_the_cli(coordinator: ServiceRuntime, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """The CLI reads the plan where the services do (here the coordinator's plan file, for development)."""
    assert coordinator.settings.plan_file
    monkeypatch.setenv("FLIGHTDECK_PLAN_FILE", coordinator.settings.plan_file)


async def test_a_mistyped_environment_is_rejected_and_leaves_nothing_behind(
    plan_for_the_cli: None,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "prod", "--version", "1.0.0", "--wait", "--id", "typo", "--timeout", "1m") == 3
    assert "no environment 'prod' in the plan; did you mean 'production'?" in capsys.readouterr().out
    assert await redis_client.keys(COORDINATOR.environment("*")) == []
    assert await redis_client.keys(COORDINATOR.history("*")) == []
    assert await _flightdeck("status", "--json") == 0
    listed = [e["environment"] for e in json.loads(capsys.readouterr().out)["environments"]]
    assert listed == ["production", "staging"]


async def test_status_of_an_unknown_environment_is_an_error_naming_the_known_ones(
    plan_for_the_cli: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _flightdeck("status", "--env", "nosuch") == 64
    out, err = capsys.readouterr()
    assert "nosuch: ok" not in out
    assert "no environment 'nosuch' in the plan; the environments are 'production' and 'staging'" in err
    assert await _flightdeck("history", "--env", "nosuch") == 64


async def test_status_lists_every_environment_of_the_plan(
    plan_for_the_cli: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "s1") == 0
    capsys.readouterr()
    assert await _flightdeck("status") == 0
    out = capsys.readouterr().out
    assert "production: ok\n  running   nothing deployed yet" in out
    assert "staging: ok\n  running   api 1.0.0, migrate 1.0.0, web 1.0.0, worker 1.0.0" in out


def test_without_a_plan_status_says_to_apply_one(
    shell: None,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("FLIGHTDECK_PLAN_FILE", raising=False)
    assert _run(["status"]) == 1
    assert "no plan has been applied yet: run `flightdeck plan apply flightdeck.yaml`" in capsys.readouterr().err


async def test_record_and_rollback_refuse_an_environment_the_plan_lacks(
    plan_for_the_cli: None,
    redis_client: Redis,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await _flightdeck("record", "--env", "prod", "--service", "api", "--version", "1.0.0", "--yes") == 64
    assert await _flightdeck("rollback", "--env", "prod", "--service", "api", "--to", "1.0.0", "--yes") == 64
    err = capsys.readouterr().err
    assert err.count("no environment 'prod' in the plan; did you mean 'production'?") == 2
    assert await redis_client.xlen(Keys().events) == 0
