"""Performance baselines in Redis: the load each version of a service measured in an environment, kept for the
versions that come after it to be judged against. A hash per environment and service, field = version."""

import json

from redis.asyncio import Redis

from shared.streams import Keys

from ..domain.verification.regression import Load

KEEP_VERSIONS = 20  # baselines kept per service and environment, the newest


class NoBaselines:
    """Where no Redis is at hand (`flightdeck verify` over the dashboard's API): nothing to compare with."""

    async def get(self, environment: str, service: str, version: str | None) -> Load | None:
        return None

    async def record(self, environment: str, service: str, load: Load, at: float) -> None:
        return None


class Baselines:
    def __init__(self, redis: "Redis", keys: Keys) -> None:
        self.redis = redis
        self.base = f"{keys.prefix}:rollback:baselines"

    def key(self, environment: str, service: str) -> str:
        return f"{self.base}:{environment}:{service}"

    async def get(self, environment: str, service: str, version: str | None) -> Load | None:
        if version is None:
            return None
        raw = await self.redis.hget(self.key(environment, service), version)
        if raw is None:
            return None
        data = json.loads(raw)
        return Load(data["latencies_ms"], data["errors"], data["total"], data["seconds"], version)

    async def record(self, environment: str, service: str, load: Load, at: float) -> None:
        kept = load.kept()
        entry = {"latencies_ms": kept.latencies_ms, "errors": kept.errors, "total": kept.total, "seconds": kept.seconds}
        key, order = self.key(environment, service), f"{self.key(environment, service)}:order"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, load.version, json.dumps(entry))
            pipe.zadd(order, {load.version: at})
            pipe.zrange(order, 0, -KEEP_VERSIONS - 1)
            *_, stale = await pipe.execute()
        if stale:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hdel(key, *stale)
                pipe.zrem(order, *stale)
                await pipe.execute()
