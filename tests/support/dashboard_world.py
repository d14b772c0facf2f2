"""The dashboard process as its tests meet it: a plan file, the real service (consumer group, read model, API) on a
real Redis, served by real uvicorn, with the users and tokens a test asks for.

    async with dashboard_world(redis_url, redis, tmp_path, PLAN, users=[("dee", "deployer", ("staging",))],
                               tokens=[("ci", "dee", "deployer", ("staging",))]) as world:
        await world.client.get("/api/v1/deployments", headers=world.bearer("ci"))
"""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.roles import Role
from shared.keys.auth import AuthKeys
from shared.runtime.http import health_app
from shared.runtime.service import VERSION, ServiceRuntime
from tests.support.asgi_server import serving
from tests.support.handled import all_handled
from tests.support.inprocess import eventually, running

PASSWORD = "correct horse battery staple"
EVERYWHERE = ("*",)

User = tuple[str, str, tuple[str, ...]]  # name, role, environments
Token = tuple[str, str, Role, tuple[str, ...]]  # token name, owner, role, environments


@dataclass
class DashboardWorld:
    runtime: ServiceRuntime
    url: str
    client: httpx.AsyncClient  # anonymous until the test signs in (cookies are kept)
    tokens: dict[str, str] = field(default_factory=dict)  # token name -> secret

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[token]}"}

    async def sign_in(self, name: str, password: str = PASSWORD) -> str:
        """Signs the client in as `name`; the session's CSRF token (send it as X-CSRF-Token on writes)."""
        answer = await self.client.post("/api/v1/login", json={"name": name, "password": password})
        assert answer.status_code == 200, answer.text
        csrf: str = answer.json()["csrf_token"]
        return csrf

    async def caught_up(self) -> None:
        """Waits until the dashboard's consumer group has folded every event on the stream: a figure that waits for
        one deployment may be ready while another's events of the same batch are still being folded."""
        redis, keys = self.runtime.context.redis, self.runtime.keys
        await eventually(lambda: all_handled(redis, "dashboard", keys))


@asynccontextmanager
async def dashboard_world(
    redis_url: str,
    redis: Redis,
    tmp_path: Path,
    plan: str,
    *,
    users: Sequence[User] = (),
    tokens: Sequence[Token] = (),
    **settings: Any,
) -> AsyncIterator[DashboardWorld]:
    """The dashboard process on `plan` (written to tmp_path/flightdeck.yaml), with `users` (password PASSWORD)
    and `tokens` made before the first request; `settings` override the service's settings."""
    plan_file = tmp_path / "flightdeck.yaml"
    plan_file.write_text(plan)
    async with running(DEFINITION, redis_url, plan_file=str(plan_file), **settings) as runtime:
        keys, now = AuthKeys.of(runtime.keys), datetime.now(UTC)
        for name, role, environments in users:
            await UserStore(redis, keys).add(name, role, PASSWORD, now, environments)
        secrets = {}
        for token_name, owner, role, environments in tokens:
            made = await TokenStore(redis, keys).create(token_name, owner, role, environments, now, None)
            secrets[token_name] = made.secret
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            yield DashboardWorld(runtime, url, client, secrets)
