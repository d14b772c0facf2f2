"""Where services run and what is being deployed, per environment in Redis (the alerter's own keys): recorded from
events as they come, read when a group flushes to keep back the health alerts Flightdeck's own work explains."""

import logging
from collections.abc import Mapping

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.events import Event
from shared.keys.alerter import AlerterKeys
from shared.plan.model import Plan
from shared.text import text, texts
from shared.transact import transact

from .domain.alert import Alert
from .domain.rollout_muting import QUIETED, Known, quieted, settling
from .domain.rollouts import Closed, Deployed, Opened, Window, changed_windows, facts

log = logging.getLogger("flightdeck.alerter.rollouts")


class Rollouts:
    def __init__(self, redis: "Redis", keys: AlerterKeys) -> None:
        self.redis, self.keys = redis, keys

    async def record(self, event: Event) -> None:
        """The event's facts, landed before its alerts are (a flush that sees the alerts sees the facts)."""
        for fact in facts(event):
            if isinstance(fact, Deployed):
                await self.redis.sadd(self.keys.deployed(fact.environment), *fact.services)
            else:
                await self.window(fact)

    def deployed(self, pipe: Pipeline, fact: Deployed) -> None:
        """Queues a Deployed fact on the caller's write (it is a set: landing it twice changes nothing)."""
        pipe.sadd(self.keys.deployed(fact.environment), *fact.services)

    async def window(self, fact: Opened | Closed, stored: Mapping[bytes | str, bytes | str] | None = None) -> bool:
        """Lands a window fact, given the environment's windows as read without a transaction (`stored`; None:
        read them now). Says whether it may have changed them (False: they are as `stored` says)."""
        key = self.keys.deploying(fact.environment)
        if stored is None:
            stored = await self.redis.hgetall(key)
        if not changed_windows(_windows(texts(stored), key), fact):
            return False  # most facts change nothing (a window already closed): one read, no transaction

        async def attempt(pipe: Pipeline) -> None:
            await pipe.watch(key)
            windows = _windows(texts(await pipe.hgetall(key)), key)
            changed = changed_windows(windows, fact)
            if not changed:
                await pipe.unwatch()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.unwatch unannotated
                return
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            pipe.hset(key, mapping={name: window.model_dump_json() for name, window in changed.items()})
            await pipe.execute()

        await transact(self.redis, attempt, what=f"the deployment windows of {fact.environment}")
        return True

    async def known(self, environment: str) -> Known:
        deployed = await self.redis.smembers(self.keys.deployed(environment))
        key = self.keys.deploying(environment)
        raw = await self.redis.hgetall(key)
        return Known(frozenset(text(name) for name in deployed), _windows(texts(raw), key))

    async def quiet(self, alerts: list[Alert], plan: Plan | None, now: float) -> dict[str, str]:
        """fingerprint -> why, for the firing health alerts a deployment (or the lack of one) explains."""
        health = [a for a in alerts if a.name in QUIETED and a.service and a.status == "firing"]
        if not health:
            return {}
        known = {environment: await self.known(environment) for environment in {a.environment for a in health}}
        timing = {(a.environment, a.service): settling(plan, a.environment, a.service) for a in health if a.service}
        return quieted(health, known, timing, now)


def _windows(raw: Mapping[str, str], key: str) -> dict[str, Window]:
    """The stored windows; one that does not read (written by another version) is left out, and said so."""
    found = {}
    for name, value in raw.items():
        try:
            found[name] = Window.model_validate_json(value)
        except ValidationError as error:
            log.warning(
                "a deployment window in %s does not read; it is ignored: %s",
                key,
                error.errors()[0]["msg"],
                extra={"service": name},
            )
    return found
