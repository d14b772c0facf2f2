"""The desired versions, kept in Redis (RollbackKeys.desired): what Flightdeck last made each service run, folded from
the events that end a deployment (domain/drift.py says which and how). A drift scan compares what runs with them."""

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.bus.handlers import Handlers
from shared.keys.rollback import RollbackKeys
from shared.text import text
from shared.transact import transact

from .domain.drift import DESIRING, Desired, Desiring, desired_from, fold


class DesiredVersions:
    def __init__(self, redis: "Redis", keys: RollbackKeys) -> None:
        self.redis = redis
        self.keys = keys

    def handlers(self) -> Handlers:
        return Handlers().on_any(DESIRING, self.record)

    async def record(self, event: Desiring) -> None:
        """Folds an event's desired versions in, atomically (the later event wins, whatever the handling order)."""
        found = desired_from(event)
        if not found:
            return
        key = self.keys.desired(event.environment)
        names = sorted(found)

        async def fold_in(pipe: Pipeline) -> None:
            await pipe.watch(key)
            stored = await pipe.hmget(key, names)
            merged = {
                name: fold(Desired.from_json(raw) if raw else None, found[name]).to_json()
                for name, raw in zip(names, stored, strict=True)
            }
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.hset(key, mapping=merged)  # type: ignore[arg-type]  # redis-py types mapping as dict[str|bytes, ...]
            pipe.sadd(self.keys.drift_environments, event.environment)
            await pipe.execute()

        await transact(self.redis, fold_in, what=f"the desired versions in {event.environment}")

    async def of(self, environment: str) -> dict[str, Desired]:
        """service -> its desired version in the environment."""
        stored = await self.redis.hgetall(self.keys.desired(environment))
        return {text(name): Desired.from_json(raw) for name, raw in stored.items()}

    async def environments(self) -> list[str]:
        """The environments with a desired version, sorted: what a scan walks."""
        return sorted(text(name) for name in await self.redis.smembers(self.keys.drift_environments))
