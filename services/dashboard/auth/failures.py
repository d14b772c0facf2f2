"""Login attempts counted in Redis (so every replica counts the same), per user name and per client address, each
counter expiring at the end of its window; a success clears the name's counter, so only failures add up there."""

from redis.asyncio import Redis

from services.dashboard.domain.login_limit import LoginLimit
from shared.keys.auth import AuthKeys


class LoginFailures:
    def __init__(self, redis: Redis, keys: AuthKeys, limit: LoginLimit | None = None) -> None:
        self.redis, self.keys, self.limit = redis, keys, limit or LoginLimit()

    async def attempt(self, name: str, address: str) -> int:
        """Counts this attempt first, then answers how long it must wait (0: go ahead). Counting before checking
        is what holds against many guesses sent at once: each gets its own count, so only the first few pass."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for key in (self.keys.failures("name", name), self.keys.failures("address", address)):
                pipe.incr(key)
                pipe.expire(key, self.limit.window_s, nx=True)  # the window starts at the first attempt
                pipe.ttl(key)
            name_count, _, name_ttl, address_count, _, address_ttl = await pipe.execute()
        before_name, before_address = int(name_count) - 1, int(address_count) - 1
        return self.limit.retry_after(before_name, max(0, name_ttl), before_address, max(0, address_ttl))

    async def succeeded(self, name: str) -> None:
        """The name's count starts again; the address's goes on counting (it limits attempts, not failures)."""
        await self.redis.delete(self.keys.failures("name", name))
