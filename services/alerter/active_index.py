"""The active alerts' index: their fingerprints by environment and rule (AlerterKeys.active_named, active_in),
written in the same transaction as the alerts themselves (store.py), so a resolution reads the alerts it may
resolve and a flush's inhibition the alerts of its environment, never every alert there is."""

from collections.abc import Iterable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.keys.alerter import AlerterKeys
from shared.text import text

from .domain.alert import Alert
from .domain.changes import Resolve


class ActiveIndex:
    def __init__(self, redis: "Redis", keys: AlerterKeys) -> None:
        self.redis, self.keys = redis, keys
        self._indexed = False

    async def active_in(self, environments: Iterable[str]) -> list[Alert]:
        """The active alerts of these environments, read through their index."""
        await self._index()
        async with self.redis.pipeline(transaction=False) as pipe:
            for environment in sorted(set(environments)):
                pipe.smembers(self.keys.active_in(environment))
            replies = await pipe.execute()
        return await self._read({text(member) for reply in replies for member in reply})

    async def _read(self, fingerprints: set[str]) -> list[Alert]:
        if not fingerprints:
            return []
        raws = await self.redis.hmget(self.keys.alerts, sorted(fingerprints))
        return [Alert.model_validate_json(raw) for raw in raws if raw]

    async def _index(self) -> None:
        """Indexes the alerts stored before the indexes were (once per store; every replica may, sets are sets)."""
        if self._indexed or await self.redis.exists(self.keys.active_indexed):
            self._indexed = True
            return
        raw = await self.redis.hgetall(self.keys.alerts)
        async with self.redis.pipeline(transaction=False) as pipe:
            for value in raw.values():
                self.add(pipe, Alert.model_validate_json(value))
            pipe.set(self.keys.active_indexed, 1)
            await pipe.execute()
        self._indexed = True

    def add(self, pipe: Pipeline, alert: Alert) -> None:
        pipe.sadd(self.keys.active_named(alert.environment, alert.name), alert.fingerprint)
        pipe.sadd(self.keys.active_in(alert.environment), alert.fingerprint)

    def drop(self, pipe: Pipeline, alert: Alert) -> None:
        pipe.srem(self.keys.active_named(alert.environment, alert.name), alert.fingerprint)
        pipe.srem(self.keys.active_in(alert.environment), alert.fingerprint)

    async def matching(self, resolves: list[Resolve]) -> list[Alert]:
        """The active alerts the resolutions resolve."""
        await self._index()
        async with self.redis.pipeline(transaction=False) as pipe:
            for change in resolves:
                for name in change.names:
                    pipe.smembers(self.keys.active_named(change.environment, name))
            replies = await pipe.execute()
        candidates = await self._read({text(member) for reply in replies for member in reply})
        return [a for a in candidates if any(change.matches(a) for change in resolves)]
