"""The dashboard's users and tokens straight in Redis, as `flightdeck users` and `flightdeck tokens` use them when
REDIS_URL reaches Flightdeck: whoever reaches Redis acts as an operator (that is how the first admin is made)."""

from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from services.dashboard.auth.records import TokenOut, TokenRecord
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.roles import Principal, Role
from shared.keys.auth import AuthKeys

from .auth_access import Made


def shown(token: TokenRecord) -> TokenOut:
    """The token as the API shows it too: everything but its secret's hash."""
    return TokenOut.model_validate(token.model_dump(exclude={"secret_sha256"}))


class RedisUsers:
    def __init__(self, redis: Redis, keys: AuthKeys) -> None:
        self.store = UserStore(redis, keys)

    async def get(self, name: str) -> Principal | None:
        user = await self.store.get(name)
        return user.principal() if user else None

    async def all(self) -> list[Principal]:
        return [user.principal() for user in await self.store.all()]

    async def add(self, name: str, role: str, password: str, environments: tuple[str, ...]) -> Principal:
        return (await self.store.add(name, role, password, datetime.now(UTC), environments)).principal()

    async def change(
        self, name: str, role: str | None, environments: tuple[str, ...] | None, password: str | None
    ) -> Principal:
        return (await self.store.change(name, role, environments, password)).principal()

    async def remove(self, name: str) -> bool:
        return await self.store.remove(name)


class RedisTokens:
    def __init__(self, redis: Redis, keys: AuthKeys) -> None:
        self.store = TokenStore(redis, keys)

    async def create(
        self, name: str, owner: str, role: Role, environments: tuple[str, ...], lasts: timedelta | None
    ) -> Made:
        now = datetime.now(UTC)
        made = await self.store.create(name, owner, role, environments, now, now + lasts if lasts else None)
        return Made(made.secret, shown(made.record))

    async def all(self, owner: str | None) -> list[TokenOut]:
        return [shown(token) for token in await self.store.all(owner)]

    async def revoke(self, token_id: str) -> TokenOut | None:
        revoked = await self.store.revoke(token_id, datetime.now(UTC))
        return shown(revoked) if revoked else None
