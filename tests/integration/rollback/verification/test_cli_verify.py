"""`flightdeck verify --env staging` against what runs there now: the report, exit 0 while every check passes, exit
1 with what came back and the request to reproduce it once one fails, and usage errors that name what is wrong."""

from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.rollback.app import DEFINITION as ROLLBACK
from tests.integration.cli_run import in_thread
from tests.integration.rollback.test_rollback_end_to_end import deploy
from tests.integration.rollback.verification.test_end_to_end import with_verification
from tests.support.asgi_server import serving
from tests.support.deploy_world import wait_for
from tests.support.fleet import fleet
from tests.support.inprocess import running
from tests.support.rollback_world import fleet_plan
from tests.support.verify_app import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_verify_reports_on_what_runs_now(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan, shop = tmp_path / "flightdeck.yaml", Service()
    shop.set("/orders", document={"orders": [{"id": 1}]})
    monkeypatch.setenv("REDIS_URL", redis_url)
    with fleet(tmp_path) as world:
        async with serving(shop.app) as base:
            fleet_plan(plan, world, bake="0s")
            with_verification(plan, f"{base}/orders")
            async with (
                running(MONITOR, redis_url, plan_file=str(plan)),
                running(COORDINATOR, redis_url, plan_file=str(plan)),
                running(ROLLBACK, redis_url, plan_file=str(plan)),
            ):
                await deploy(redis_client, "c1", "1.0.0")
                await wait_for(redis_client, "c1", "deployment-succeeded", within=60)
            capsys.readouterr()
            assert await in_thread("verify", "--env", "staging", "--file", str(plan)) == 0
            out, err = capsys.readouterr()
            assert "verifying " in err and "api 1.0.0" in err
            assert out.splitlines()[0].startswith("ok   smoke api new version answers: HTTP 200 in ")
            assert out.splitlines()[-1] == "all 2 checks passed"
            shop.set("/orders", status=503, text="down for maintenance")
            assert await in_thread("verify", "--env", "staging", "--service", "api", "--file", str(plan)) == 1
            out, _ = capsys.readouterr()
    lines = out.splitlines()
    failed = lines.index(
        "FAIL smoke api orders: expected HTTP 200, got HTTP 503: down for maintenance; "
        "expected a JSON body with orders[0].id, got a body that is not JSON: 'down for maintenance'"
    )
    assert lines[failed + 1] == f"     reproduce: curl -sS -i {base}/orders"
    assert lines[-1].startswith("1 of 2 checks failed: smoke api orders: ")


async def test_verify_names_an_unknown_environment_or_service(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    with fleet(tmp_path) as world:
        fleet_plan(plan, world, bake="0s")
    assert await in_thread("verify", "--env", "stagin", "--file", str(plan)) == 64
    assert "no environment 'stagin' in the plan" in capsys.readouterr().err
    assert await in_thread("verify", "--env", "staging", "--service", "apj", "--file", str(plan)) == 64
    assert "no service 'apj' in " in capsys.readouterr().err
