"""Making a handler's effect happen once, however often its event is delivered.

`claim` is the simple form (first caller wins, for good). `once` is the safe form for effects that can fail:
the key is leased while the effect runs, marked done when it succeeds, and released when it raises, so a retry
runs it again; a worker that dies mid-effect leaves a lease that expires, and the next delivery takes over.
"""

from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import uuid4

from redis.asyncio import Redis

from shared.streams import Keys

T = TypeVar("T")
DONE = b"done"

_FINISH = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == 'done' then return redis.call('SET', KEYS[1], 'done', 'EX', ARGV[3]) end
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class InProgress(RuntimeError):
    """Another delivery of the same event holds the lease right now; try again after it expires."""


class Idempotency:
    def __init__(self, redis: "Redis", keys: Keys, service: str, ttl_s: float) -> None:
        self._redis, self._keys, self._service = redis, keys, service
        self._ttl = max(1, int(ttl_s))
        self._finish = redis.register_script(_FINISH)

    def key(self, name: str) -> str:
        return self._keys.handled(self._service, name)

    async def claim(self, name: str) -> bool:
        """True for the first caller for `name` (within the TTL), False for every later one."""
        return bool(await self._redis.set(self.key(name), DONE, nx=True, ex=self._ttl))

    async def once(self, name: str, effect: Callable[[], Awaitable[T]], lease_s: float = 60) -> tuple[bool, T | None]:
        """Runs `effect` unless it already succeeded for `name`; returns (ran, result)."""
        key, token = self.key(name), f"lease:{uuid4().hex}"
        if not await self._redis.set(key, token, nx=True, px=max(1, int(lease_s * 1000))):
            if await self._redis.get(key) == DONE:
                return False, None
            raise InProgress(f"{name} is being handled by another delivery")
        try:
            result = await effect()
        except BaseException:
            await self._finish(keys=[key], args=[token, "release", self._ttl])
            raise
        await self._finish(keys=[key], args=[token, "done", self._ttl])
        return True, result
