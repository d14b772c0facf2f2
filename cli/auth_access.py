"""How `flightdeck users` and `flightdeck tokens` reach the dashboard's users and tokens: over Redis, as the
operator who can reach it (that is how the first admin is made: there is no default user or password)."""

import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.exceptions import RedisError

from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.keys.auth import AuthKeys

from .redis_transport import RedisTransport
from .transport import Transport, explain, run

USAGE = 64


@dataclass(frozen=True)
class Stores:
    users: UserStore
    tokens: TokenStore


def with_stores(command: str, work: Callable[[Stores], Awaitable[int]]) -> int:
    async def go(transport: Transport) -> int:
        if not isinstance(transport, RedisTransport):
            print(f"flightdeck {command}: needs REDIS_URL (users and tokens are an operator's job)", file=sys.stderr)
            return USAGE
        keys = AuthKeys.of(transport.keys)
        try:
            return await work(Stores(UserStore(transport.redis, keys), TokenStore(transport.redis, keys)))
        except (RedisError, OSError) as error:
            raise explain(error, transport.settings) from None

    return run(command, go)
