"""The demo's way into its dashboard: an admin `demo` with a fresh random password, and an API token for the CLI
over HTTP, made in the demo's own Redis by the stores `flightdeck users add` and `flightdeck tokens create` use.
Shown in the next steps and kept in the data folder's login.env (readable by its owner only); never logged."""

import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis

from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.roles import EVERY_ENVIRONMENT
from shared.keys.auth import AuthKeys
from shared.streams import Keys

USER = "demo"
TOKEN_NAME = "demo-cli"
FILE = "login.env"
API = "/api/v1"


@dataclass(frozen=True)
class Login:
    url: str  # the dashboard's, without a trailing slash
    user: str
    password: str = field(repr=False)
    token: str = field(repr=False)

    @property
    def api(self) -> str:
        return self.url + API

    def exports(self) -> list[str]:
        """The two lines that point the CLI at the dashboard's API instead of Redis."""
        return [f"export FLIGHTDECK_URL={self.url}", f"export FLIGHTDECK_TOKEN={self.token}"]

    def env_text(self) -> str:
        return "\n".join(
            [
                "# the demo's dashboard: sign in as FLIGHTDECK_USER with FLIGHTDECK_PASSWORD;",
                "# `source` this file to point the flightdeck CLI at the dashboard's API (instead of REDIS_URL)",
                f"FLIGHTDECK_USER={self.user}",
                f"FLIGHTDECK_PASSWORD={self.password}",
                *self.exports(),
                "",
            ]
        )


async def make_login(redis: Redis, keys: Keys, dashboard_url: str) -> Login:
    """An admin of every environment and a token of theirs that does not expire (the demo's Redis is emptied at
    each run, and the token with it)."""
    auth, now = AuthKeys.of(keys), datetime.now(UTC)
    password = secrets.token_urlsafe(18)  # 24 characters, 144 random bits
    user = await UserStore(redis, auth).add(USER, "admin", password, now, (EVERY_ENVIRONMENT,))
    made = await TokenStore(redis, auth).create(TOKEN_NAME, user.name, user.role, user.environments, now, None)
    return Login(dashboard_url.rstrip("/"), user.name, password, made.secret)


def write_login(path: Path, login: Login) -> None:
    """Written readable by its owner only from the first byte (never another mode, even for a moment)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(login.env_text())
