"""How `flightdeck users` and `flightdeck tokens` reach the dashboard's users and tokens: over Redis, as the
operator who can reach it (cli/redis_auth.py; that is how the first admin is made: there is no default user or
password), or over the dashboard's API as the user whose token FLIGHTDECK_TOKEN is (cli/http_auth.py). The commands
use the Users and Tokens protocols only, so they print the same and exit the same either way."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from redis.exceptions import RedisError

from services.dashboard.auth.records import TokenOut
from services.dashboard.domain.roles import Principal, Role
from shared.keys.auth import AuthKeys

from .redis_transport import RedisTransport
from .transport import Transport, explain, run

USAGE = 64


@dataclass(frozen=True)
class Made:
    secret: str = field(repr=False)  # the whole token, shown once
    record: TokenOut


class Users(Protocol):
    async def get(self, name: str) -> Principal | None:
        """The user with their role and environments (over HTTP, one's own as far as the token reaches)."""
        ...

    async def all(self) -> list[Principal]: ...

    async def add(self, name: str, role: str, password: str, environments: tuple[str, ...]) -> Principal:
        """UserError or PasswordError when the name, role, environments or password will not do."""
        ...

    async def change(
        self, name: str, role: str | None, environments: tuple[str, ...] | None, password: str | None
    ) -> Principal: ...

    async def remove(self, name: str) -> bool:
        """False when there was no such user."""
        ...


class Tokens(Protocol):
    async def create(
        self, name: str, owner: str, role: Role, environments: tuple[str, ...], lasts: timedelta | None
    ) -> Made: ...

    async def all(self, owner: str | None) -> list[TokenOut]: ...

    async def revoke(self, token_id: str) -> TokenOut | None:
        """The token, revoked (now or before); None when there is no such token (of yours, over HTTP)."""
        ...


@dataclass(frozen=True)
class Stores:
    users: Users
    tokens: Tokens


def with_stores(command: str, work: Callable[[Stores], Awaitable[int]]) -> int:
    async def go(transport: Transport) -> int:
        if isinstance(transport, RedisTransport):
            from .redis_auth import RedisTokens, RedisUsers

            keys = AuthKeys.of(transport.keys)
            try:
                return await work(Stores(RedisUsers(transport.redis, keys), RedisTokens(transport.redis, keys)))
            except (RedisError, OSError) as error:
                raise explain(error, transport.settings) from None
        from .http_auth import HttpTokens, HttpUsers
        from .http_transport import HttpTransport

        assert isinstance(transport, HttpTransport)  # connect() makes one of the two
        users = HttpUsers(transport.api)
        return await work(Stores(users, HttpTokens(transport.api, users)))

    return run(command, go)
