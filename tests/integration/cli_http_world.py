"""The CLI over both of its ways to one Flightdeck: the real dashboard process (tests/support/dashboard_world.py)
and the real coordinator on a real Redis, with the command run over Redis (REDIS_URL) and over the dashboard's API
(FLIGHTDECK_URL + FLIGHTDECK_TOKEN, REDIS_URL pointed at nothing, so nothing can go to Redis), each run's exit
code and output kept to compare."""

import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from shared.redis_process import free_port
from tests.integration.cli_run import in_thread
from tests.support.dashboard_world import DashboardWorld, Token, User, dashboard_world
from tests.support.inprocess import running

SCRIPT = str(Path(__file__).parents[1] / "support" / "deploy_script.py")
CLEARED = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "CI", "NO_COLOR", "FLIGHTDECK_STREAM_PREFIX", "FAIL_SERVICES")
USERS: list[User] = [("ana", "deployer", ("*",)), ("vi", "viewer", ("*",)), ("ad", "admin", ("*",))]
TOKENS: list[Token] = [
    ("ci", "ana", "deployer", ("*",)),
    ("ro", "vi", "viewer", ("*",)),
    ("root", "ad", "admin", ("*",)),
]


def plan_text() -> str:
    """Two jobs deployed by the stand-in script; staging, gated (a person approves) and live (production)."""
    deploy = [sys.executable, SCRIPT, "{service}", "{version}"]
    return yaml.safe_dump(
        {
            "version": 1,
            "defaults": {"kind": "job", "deploy": deploy, "rollback_policy": {"bake_time": "0s"}},
            "environments": {"staging": {}, "gated": {"approval_required": True}, "live": {"production": True}},
            "services": {"api": {}, "web": {"depends_on": ["api"]}},
        }
    )


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@dataclass
class Shell:
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    redis_url: str
    world: DashboardWorld
    plan_file: Path

    def over_redis(self) -> None:
        self.monkeypatch.delenv("FLIGHTDECK_URL", raising=False)
        self.monkeypatch.delenv("FLIGHTDECK_TOKEN", raising=False)
        self.monkeypatch.setenv("REDIS_URL", self.redis_url)
        self.monkeypatch.setenv("FLIGHTDECK_PLAN_FILE", str(self.plan_file))  # where the services read it

    def over_http(self, token: str = "ci") -> None:
        self.monkeypatch.setenv("FLIGHTDECK_URL", self.world.url)
        self.monkeypatch.setenv("FLIGHTDECK_TOKEN", self.world.tokens[token])
        self.monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
        self.monkeypatch.delenv("FLIGHTDECK_PLAN_FILE", raising=False)

    async def run(self, *argv: str) -> Run:
        self.capsys.readouterr()
        code = await in_thread(*argv)
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    async def dashboard_sees(self, deployment_id: str, status: str) -> bool:
        """The dashboard's own view of the deployment has come to `status` (its writes check that view)."""
        answer = await self.world.client.get(f"/api/v1/deployments/{deployment_id}", headers=self.world.bearer("ro"))
        return answer.status_code == 200 and answer.json()["status"] == status

    async def both(self, *argv: str, token: str = "ci") -> tuple[Run, Run]:
        """(over Redis, over HTTP): the same command both ways."""
        self.over_redis()
        redis = await self.run(*argv)
        self.over_http(token)
        http = await self.run(*argv)
        return redis, http


@pytest.fixture(name="shell")
async def shell_fixture(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> AsyncIterator[Shell]:
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("USER", "ana")
    monkeypatch.setenv("RECORD_FILE", str(tmp_path / "record.txt"))
    async with dashboard_world(redis_url, redis_client, tmp_path, plan_text(), users=USERS, tokens=TOKENS) as world:
        plan_file = tmp_path / "flightdeck.yaml"
        async with running(COORDINATOR, redis_url, plan_file=str(plan_file)):
            yield Shell(monkeypatch, capsys, redis_url, world, plan_file)
