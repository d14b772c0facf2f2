"""`flightdeck deploy` against the real coordinator, in process: each outcome's exit code and what it prints, in a
terminal-less shell and inside GitHub Actions; and what it says when Redis is not there or refuses the password."""

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from cli.main import main
from services.coordinator.app import DEFINITION
from shared.events import DeployRequested
from shared.redis_process import free_port
from shared.runtime.service import ServiceRuntime
from tests.integration.cli_redis import guarded_redis_fixture  # noqa: F401 (a fixture)
from tests.integration.coordinator.conftest import SERVICES
from tests.support.deploy_world import diamond_plan, events
from tests.support.gates import gate_answerer
from tests.support.health_server import health_server
from tests.support.inprocess import running

pytestmark = pytest.mark.integration
CI_VARIABLES = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_SHA",
    "GITHUB_ACTOR",
    "GITHUB_RUN_ID",
    "CI",
    "CI_COMMIT_SHA",
    "NO_COLOR",
    "FLIGHTDECK_URL",
    "FLIGHTDECK_STREAM_PREFIX",
    "FAIL_SERVICES",
)


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch, redis_url: str) -> None:
    """A shell outside CI (even when the tests themselves run in CI) whose REDIS_URL is the test's Redis."""
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("USER", "ana")


@pytest.fixture
async def coordinator(
    redis_url: str, shell: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[ServiceRuntime]:
    """The diamond with a real deploy script (failing on FAIL_SERVICES), a real health server and a rollback command
    that always works, so a failure after a first deployment rolls back."""
    monkeypatch.setenv("RECORD_FILE", str(tmp_path / "record.txt"))
    with health_server() as health:
        urls = {name: health.url(name) for name in SERVICES}
        plan_file = tmp_path / "flightdeck.yaml"
        plan_file.write_text(diamond_plan(urls, rollback=[sys.executable, "-c", "pass"]))
        async with (
            running(gate_answerer(urls), redis_url),
            running(DEFINITION, redis_url, plan_file=str(plan_file)) as runtime,
        ):
            yield runtime


def _call(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as done:
        return int(done.code or 0) if not isinstance(done.code, str) else 2
    return 0


async def _deploy(*args: str) -> int:
    """`flightdeck deploy ARGS` in a thread: its main runs its own event loop (asyncio.run)."""
    return await asyncio.to_thread(_call, ["deploy", *args])


async def test_a_deployment_that_succeeds_exits_0_with_a_line_per_step(
    coordinator: ServiceRuntime, redis_client: Redis, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "ok-1", "--reason", "ship") == 0
    out = capsys.readouterr().out
    assert "started   migrate 1.0.0, api 1.0.0, worker 1.0.0, web 1.0.0 (3 waves)" in out
    assert "deploy api 1.0.0 ... ok" in out and "gate web passed" in out and "wave 3/3  web" in out
    assert out.rstrip().splitlines()[-1].startswith("succeeded ok-1 after ") and out.rstrip().endswith("(exit 0)")
    assert "\033[" not in out and "::group::" not in out, "no colour and no Actions commands in a plain shell"
    request = next(e for e in await events(redis_client, "ok-1") if isinstance(e, DeployRequested))
    assert request.producer == "cli" and request.payload.reason == "ship" and request.payload.version == "1.0.0"
    assert request.payload.requested_by.startswith("ana@") and request.payload.ci_run_url is None


async def test_a_failure_rolled_back_exits_2_with_actions_groups_annotations_and_summary(
    coordinator: ServiceRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "first") == 0
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("FAIL_SERVICES", "api")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_ACTOR", "octocat")
    capsys.readouterr()
    assert await _deploy("--env", "staging", "--version", "2.0.0", "--wait", "--id", "second") == 2
    out = capsys.readouterr().out
    assert "::group::wave 1/3: migrate" in out and "::endgroup::" in out
    assert out.count("::group::") == out.count("::endgroup::"), "every group is closed"
    failed = "FAILED deploy api 2.0.0: exited with code 3: api: boom ("
    assert failed in out and f"::error title=api failed::{failed}" in out and "output: flightdeck logs second" in out
    told = [line for line in out.splitlines() if "exited with code 3" in line and not line.startswith("::")]
    assert len(told) == 2, "said once where it happened, and in the outcome's last line"
    assert "rollback worker -> 1.0.0 ... ok" in out
    assert "::error title=Deployment rolled back::second to staging: rolled back" in out
    assert "rolled back second after" in out and "(exit 2)" in out
    table = summary.read_text()
    assert "Deployment to staging: rolled back" in table and "| api | 2.0.0, back to 1.0.0 | rolled back |" in table
    assert "`second`" in table


async def test_a_rejected_request_exits_3_and_json_says_so(
    coordinator: ServiceRuntime, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _deploy("--env", "staging", "--service", "nope=1.0.0", "--wait", "--json", "--id", "bad") == 3
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["type"] == "deployment-rejected" and "nope" in lines[0]["payload"]["reason"]
    assert lines[-1]["outcome"] == "rejected" and lines[-1]["exit_code"] == 3 and lines[-1]["deployment_id"] == "bad"


async def test_waiting_past_the_timeout_exits_4(
    coordinator: ServiceRuntime, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECONDS", "30")
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--timeout", "1s", "--id", "slow") == 4
    out = capsys.readouterr().out
    assert "timed out slow" in out and "raise --timeout" in out


async def test_without_wait_it_publishes_and_prints_the_id(
    shell: None, redis_client: Redis, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await _deploy("--env", "staging", "--service", "api=2.0.0", "--json") == 0
    deployment_id = json.loads(capsys.readouterr().out)["deployment_id"]
    (request,) = await events(redis_client, deployment_id)
    assert isinstance(request, DeployRequested) and request.payload.versions == {"api": "2.0.0"}


async def test_an_unreachable_redis_exits_4_and_says_what_to_do(
    shell: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait") == 4
    err = capsys.readouterr().err
    assert "cannot reach Redis at REDIS_URL=redis://127.0.0.1:" in err and "`flightdeck up`" in err


async def test_a_wrong_password_exits_4_and_says_where_it_goes(
    shell: None,
    guarded_redis: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://:wrong@{guarded_redis}/0")
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait") == 4
    err = capsys.readouterr().err
    assert "refused the password" in err and "wrong" not in err, "the password is masked"


async def test_a_failure_that_cannot_be_rolled_back_exits_1(
    coordinator: ServiceRuntime, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAIL_SERVICES", "api")  # the very first deployment: nothing earlier to go back to
    assert await _deploy("--env", "staging", "--version", "1.0.0", "--wait", "--id", "first-fail") == 1
    assert "(exit 1)" in capsys.readouterr().out
