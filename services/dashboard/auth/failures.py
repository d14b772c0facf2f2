"""Failed logins counted in Redis (so every replica counts the same), per user name and per client address, each
counter expiring at the end of its window; a success clears the name's counter."""

from redis.asyncio import Redis

from services.dashboard.domain.login_limit import LoginLimit
from shared.keys.auth import AuthKeys


class LoginFailures:
    def __init__(self, redis: Redis, keys: AuthKeys, limit: LoginLimit | None = None) -> None:
        self.redis, self.keys, self.limit = redis, keys, limit or LoginLimit()

    async def retry_after(self, name: str, address: str) -> int:
        """Seconds before this name from this address may try again; 0 when it may now."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for key in (self.keys.failures("name", name), self.keys.failures("address", address)):
                pipe.get(key)
                pipe.ttl(key)
            name_count, name_ttl, address_count, address_ttl = await pipe.execute()
        return self.limit.retry_after(
            int(name_count or 0), max(0, name_ttl), int(address_count or 0), max(0, address_ttl)
        )

    async def failed(self, name: str, address: str) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in (self.keys.failures("name", name), self.keys.failures("address", address)):
                pipe.incr(key)
                pipe.expire(key, self.limit.window_s, nx=True)  # the window starts at the first failure
            await pipe.execute()

    async def succeeded(self, name: str) -> None:
        await self.redis.delete(self.keys.failures("name", name))
