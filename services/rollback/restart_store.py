"""What the restarter keeps in Redis (RollbackKeys): the services degraded now and the episode each is in, their root
causes, the dependents deferred on a root, and each service's restart attempts. The due checks themselves are a
DueWork (RollbackKeys.restarts_due), written here only inside the transactions that change what they are about."""

import json
from typing import cast

from redis.asyncio import Redis

from shared.events import HealthDegraded
from shared.keys.rollback import RollbackKeys
from shared.text import text, texts

from .domain.cascade import Release, release

KEEP_S = 7 * 86400  # how long restart attempts are kept (the budget looks at two windows at most)
# Defers only while the root is degraded: recovery drops the root, then releases what waits on it.
_DEFER = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[3])
return 1
"""


def member(environment: str, service: str) -> str:
    """A service's due restart check."""
    return json.dumps([environment, service])


def slot_of(due: str) -> tuple[str, str]:
    environment, service = json.loads(due)
    return str(environment), str(service)


class RestartStore:
    def __init__(self, redis: "Redis", keys: RollbackKeys) -> None:
        self.redis = redis
        self.keys = keys
        self._defer = redis.register_script(_DEFER)

    async def degraded(self, event: HealthDegraded, now: float) -> None:
        """Records the service degraded (its episode begun by this event, unless one runs), its root cause and that
        of the dependents its root names as impacted; a check of it is due now."""
        env = event.environment
        service = event.service
        payload = event.payload
        impacted = set(payload.impacted) & await self.degraded_now(env) - {service}
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(self.keys.restarts_due, {member(env, service): now})
        pipe.hsetnx(self.keys.degraded(env), service, event.event_id)
        pipe.hset(self.keys.roots(env), service, payload.root_cause or service)
        for dependent in impacted:
            pipe.hset(self.keys.roots(env), dependent, service)
        await pipe.execute()

    async def recovered(self, env: str, service: str) -> Release:
        """Forgets the service's trouble and its due check; what becomes of the dependents deferred on it (those
        are no longer deferred either way)."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.zrem(self.keys.restarts_due, member(env, service))
        for hash_key in (self.keys.degraded(env), self.keys.roots(env), self.keys.deferred(env)):
            pipe.hdel(hash_key, service)
        await pipe.execute()
        deferred = texts(await self.redis.hgetall(self.keys.deferred(env)))
        freed = release(service, deferred, await self.degraded_now(env))
        for dependent in freed.dropped + freed.recheck:
            await self.redis.hdel(self.keys.deferred(env), dependent)
        return freed

    async def degraded_now(self, env: str) -> frozenset[str]:
        names = await self.redis.hkeys(self.keys.degraded(env))
        return frozenset(text(name) for name in names)

    async def episode(self, env: str, service: str) -> str | None:
        """The id of the health-degraded that began the service's trouble; None when it is not degraded."""
        raw = await self.redis.hget(self.keys.degraded(env), service)
        return text(raw) if raw is not None else None

    async def root(self, env: str, service: str) -> str | None:
        raw = await self.redis.hget(self.keys.roots(env), service)
        return text(raw) if raw is not None else None

    async def attempts(self, env: str, service: str) -> tuple[float, ...]:
        members = cast(list[bytes], await self.redis.zrange(self.keys.attempts(env, service), 0, -1))
        return tuple(float(at) for at in members)

    async def defer(self, env: str, service: str, root: str) -> bool:
        """Defers the service on its root and drops its due check, if the root is still degraded (atomically)."""
        keys = [self.keys.degraded(env), self.keys.deferred(env), self.keys.restarts_due]
        return bool(await self._defer(keys=keys, args=[root, service, member(env, service)]))

    async def count_attempt(self, env: str, service: str, at: float, window: float, lease_until: float) -> None:
        """Counts a restart made `at` (before it runs: a crash midway still uses up the budget), forgets attempts
        older than two windows, and holds the service's due check until `lease_until`."""
        attempts = self.keys.attempts(env, service)
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(attempts, {repr(at): at})
        pipe.expire(attempts, KEEP_S)
        pipe.zremrangebyscore(attempts, "-inf", at - 2 * window)
        pipe.zadd(self.keys.restarts_due, {member(env, service): lease_until})
        await pipe.execute()
