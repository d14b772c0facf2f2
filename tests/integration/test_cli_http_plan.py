"""`flightdeck plan apply` over the dashboard's API: an admin's plan is stored and announced once (the API
announces it; the CLI does not publish it again), saying what it says over Redis; a deployer is told the role it
needs and nothing is stored; before any plan, status says to apply one both ways; a dashboard on a plan file
refuses to apply another."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.roles import Role
from shared.events import PlanApplied
from shared.keys.auth import AuthKeys
from shared.plan.store import PlanStore
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from shared.streams import Keys
from tests.integration.cli_http_world import Shell, plan_text, shell_fixture  # noqa: F401 (a fixture)
from tests.integration.cli_run import in_thread
from tests.support.asgi_server import serving
from tests.support.dashboard_world import PASSWORD
from tests.support.deploy_world import events
from tests.support.inprocess import running

pytestmark = pytest.mark.integration


@asynccontextmanager
async def dashboard_on_redis(redis_url: str, redis: Redis) -> AsyncIterator[tuple[str, dict[str, str]]]:
    """The dashboard reading its plan where the services do (the store in Redis): its URL, an admin's and a
    deployer's token."""
    async with running(DEFINITION, redis_url) as runtime:
        keys, now = AuthKeys.of(runtime.keys), datetime.now(UTC)
        tokens = {}
        people: list[tuple[str, Role]] = [("ad", "admin"), ("dee", "deployer")]
        for name, role in people:
            await UserStore(redis, keys).add(name, role, PASSWORD, now)
            tokens[name] = (await TokenStore(redis, keys).create(name, name, role, ("*",), now, None)).secret
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        async with serving(app) as url:
            yield url, tokens


async def test_a_plan_applied_over_http_is_stored_and_announced_once(
    redis_url: str,
    redis_client: Redis,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    plan.write_text(plan_text())
    for name in ("FLIGHTDECK_PLAN_FILE", "FLIGHTDECK_STREAM_PREFIX"):
        monkeypatch.delenv(name, raising=False)
    async with dashboard_on_redis(redis_url, redis_client) as (url, tokens):
        monkeypatch.setenv("REDIS_URL", redis_url)
        assert await in_thread("status") == 1
        over_redis = capsys.readouterr()
        monkeypatch.setenv("FLIGHTDECK_URL", url)
        monkeypatch.setenv("FLIGHTDECK_TOKEN", tokens["dee"])
        assert await in_thread("status") == 1
        assert capsys.readouterr() == over_redis and "no plan has been applied yet" in over_redis.err

        assert await in_thread("plan", "apply", str(plan)) == 4
        refused = capsys.readouterr()
        assert "refused: admin needs the admin role; dee has deployer" in refused.err
        assert await PlanStore(redis_client).current_revision() is None

        monkeypatch.setenv("FLIGHTDECK_TOKEN", tokens["ad"])
        assert await in_thread("plan", "apply", str(plan)) == 0
        over_http = capsys.readouterr()
        said = f"{plan}: stored as plan revision 1, now current\npublished plan-applied for revision 1\n"
        assert over_http.out == said
        assert await PlanStore(redis_client).current_revision() == 1
        (announced,) = [e for e in await events(redis_client) if isinstance(e, PlanApplied)]
        assert announced.producer == "dashboard" and announced.payload.services == ["api", "web"]

        monkeypatch.delenv("FLIGHTDECK_URL")
        monkeypatch.delenv("FLIGHTDECK_TOKEN")
        assert await in_thread("plan", "apply", str(plan)) == 0
        assert capsys.readouterr().out == over_http.out.replace("revision 1", "revision 2")
        assert len([e for e in await events(redis_client) if isinstance(e, PlanApplied)]) == 2
        async with httpx.AsyncClient(base_url=url) as client:  # the dashboard follows the new revision
            current = await client.get("/api/v1/plans/current", headers={"Authorization": f"Bearer {tokens['ad']}"})
        assert current.json()["revision"] == 2


async def test_a_dashboard_on_a_plan_file_refuses_to_apply_one(shell: Shell, redis_client: Redis) -> None:
    shell.over_http("root")
    refused = await shell.run("plan", "apply", str(shell.plan_file))
    assert refused.code == 1 and "reads its plan from the file flightdeck.yaml: change that file" in refused.err
    assert await redis_client.xlen(Keys().events) == 0
