"""The services' state per environment in the read model: one hash per environment, a ServiceView per service,
each folded in a transaction that WATCHes the hash (two replicas folding events of one environment at once: the
second starts again from the first one's result)."""

from collections.abc import Sequence
from typing import cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.typing import EncodableT, FieldT

from services.dashboard.domain.service_state import ServiceView, project_service, touched
from shared.events import Event
from shared.keys.dashboard import DashboardKeys
from shared.text import text
from shared.transact import transact


class ServiceStateWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys

    async def apply(self, event: Event) -> None:
        services, environment = touched(event), event.environment
        if not services or not environment:
            return
        key = self.keys.services(environment)

        async def attempt(pipe: Pipeline) -> None:
            await pipe.watch(key)
            raws = cast(list[bytes | None], await pipe.hmget(key, services))
            changed: dict[FieldT, EncodableT] = {}
            for service, raw in zip(services, raws, strict=True):
                before = ServiceView.model_validate_json(raw) if raw else None
                after = project_service(before, event, service)
                if after is not None and after != before:
                    changed[service] = after.model_dump_json()
            if not changed:
                return
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.hset(key, mapping=changed)
            pipe.sadd(self.keys.environments, environment)
            await pipe.execute()

        await transact(self.redis, attempt, what=f"the services of {environment}")

    async def apply_run(self, events: Sequence[Event]) -> None:
        """Folds consecutive events of one environment as apply() folds them one by one, in one transaction."""
        environment = events[0].environment
        services = list(dict.fromkeys(name for event in events for name in touched(event)))
        if not services or not environment:
            return
        key = self.keys.services(environment)

        async def attempt(pipe: Pipeline) -> None:
            await pipe.watch(key)
            raws = cast(list[bytes | None], await pipe.hmget(key, services))
            now = {
                name: ServiceView.model_validate_json(raw) if raw else None
                for name, raw in zip(services, raws, strict=True)
            }
            changed: dict[FieldT, EncodableT] = {}
            for event in events:
                for service in touched(event):
                    after = project_service(now[service], event, service)
                    if after is not None and after != now[service]:
                        now[service] = after
                        changed[service] = after.model_dump_json()
            if not changed:
                return
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.hset(key, mapping=changed)
            pipe.sadd(self.keys.environments, environment)
            await pipe.execute()

        await transact(self.redis, attempt, what=f"the services of {environment}")


async def service_views(redis: Redis, keys: DashboardKeys, environment: str | None) -> list[ServiceView]:
    """Every service's state, in one environment or all of them, by environment then service."""
    if environment is not None:
        environments = [environment]
    else:
        environments = sorted(text(name) for name in cast(set[bytes], await redis.smembers(keys.environments)))
    views = []
    for name in environments:
        stored = cast(dict[bytes, bytes], await redis.hgetall(keys.services(name)))
        views += sorted((ServiceView.model_validate_json(raw) for raw in stored.values()), key=lambda v: v.service)
    return views
