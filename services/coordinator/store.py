"""Deployments and environments in Redis, changed atomically with the effects of each decision.

One WATCH/MULTI per input: load the deployment and its environment (and the head of the queue when the
environment frees up), decide with the pure core, then write the new state, the events, the commands to run,
the timers and the input's handled-marker in one transaction. Two replicas deciding at once: one wins, the
other retries on fresh state. Redelivery of a handled input: nothing happens.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.typing import EncodableT, FieldT

from shared.bus.codec import encode
from shared.keys.coordinator import CoordinatorKeys
from shared.streams import Keys
from shared.transact import transact

from .domain import lifecycle
from .domain.effects import ClearTimer, Publish, RunCommand, SetTimer, StopCommands
from .domain.model import Deployment, EnvironmentState
from .domain.transition import Transition
from .parsed import Parsed
from .timers import timer_member

log = logging.getLogger("flightdeck.coordinator")

Decide = Callable[[EnvironmentState, Deployment | None, datetime], Transition | None]
Enqueue = Callable[[Pipeline, RunCommand], None]
HANDLED_TTL_S = 7 * 86400


class DeploymentStore:
    def __init__(self, redis: "Redis", keys: Keys, enqueue: Enqueue) -> None:
        self.redis, self.keys, self._enqueue = redis, keys, enqueue
        self.own = CoordinatorKeys.of(keys)
        self.parsed = Parsed()

    async def deployment(self, deployment_id: str) -> Deployment | None:
        raw = await self.redis.get(self.own.deployment(deployment_id))
        return Deployment.model_validate_json(raw) if raw else None

    async def environment(self, name: str) -> EnvironmentState:
        raw = await self.redis.get(self.own.environment(name))
        return EnvironmentState.model_validate_json(raw) if raw else EnvironmentState(name=name)

    async def transact(
        self,
        deployment_id: str,
        environment: str | None,
        decide: Decide,
        handled: str | None = None,
    ) -> Transition | None:
        """Runs `decide` on fresh state until its outcome commits; returns it (None: nothing to do)."""
        marker = self.own.handled(handled) if handled else None

        async def attempt(pipe: Pipeline) -> Transition | None:
            return await self._attempt(pipe, deployment_id, environment, decide, marker)

        return await transact(self.redis, attempt, what=f"deployment {deployment_id}")

    async def _attempt(
        self,
        pipe: Pipeline,
        deployment_id: str,
        environment: str | None,
        decide: Decide,
        marker: str | None,
    ) -> Transition | None:
        key = self.own.deployment(deployment_id)
        # One WATCH and one MGET when the input names its environment (events do), two more when it does not.
        watched = [key, *([self.own.environment(environment)] if environment else []), *([marker] if marker else [])]
        await pipe.watch(*watched)
        values: dict[str, bytes | str | None] = dict(zip(watched, await pipe.mget(watched), strict=True))
        if marker and values[marker] is not None:
            return None
        deployment = self.parsed.take(deployment_id, values[key])
        name = deployment.environment if deployment else environment  # the deployment's own, whatever an event says
        if name is None:
            return None
        env_key = self.own.environment(name)
        if env_key not in values:
            await pipe.watch(env_key)
            values[env_key] = await pipe.get(env_key)
        stored = values[env_key]
        env = EnvironmentState.model_validate_json(stored) if stored else EnvironmentState(name=name)
        now = datetime.now(UTC)
        transition = decide(env, deployment, now)
        if transition is None:
            return None
        await self._promote(pipe, transition, now)
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        # An environment nothing was ever stored for, and that gained nothing (a request rejected before a plan
        # knew its environment), is not created: only the plan's environments come to exist.
        written = self._write(
            pipe, transition, keep_env=stored is not None or transition.env != EnvironmentState(name=name)
        )
        if marker:
            pipe.set(marker, 1, ex=HANDLED_TTL_S)
        await pipe.execute()
        for deployment, text in written:
            self.parsed.put(deployment, text)
        return transition

    async def _promote(self, pipe: Pipeline, transition: Transition, now: datetime) -> None:
        """When the environment frees up, the next queued deployment takes it, in this same transaction."""
        needed = lifecycle.awaiting(transition)
        if not needed:
            return
        keys = [self.own.deployment(deployment_id) for deployment_id in needed]
        await pipe.watch(*keys)
        raws = await pipe.mget(keys)
        queued = {i: Deployment.model_validate_json(raw) if raw else None for i, raw in zip(needed, raws, strict=True)}
        promotion = lifecycle.promote_next(transition, queued, now)
        if promotion.vanished:
            log.info("queued deployments %s no longer exist; skipped", ", ".join(promotion.vanished))

    def _write(self, pipe: Pipeline, transition: Transition, keep_env: bool = True) -> list[tuple[Deployment, str]]:
        """Queues the transition's writes; the deployments written, with their JSON."""
        written = []
        for deployment in transition.deployments.values():
            deployment.version += 1
            text = deployment.model_dump_json()
            written.append((deployment, text))
            pipe.set(self.own.deployment(deployment.id), text)
            pipe.zadd(self.own.history(deployment.environment), {deployment.id: deployment.created_at.timestamp()})
        if keep_env:
            transition.env.version += 1
            pipe.set(self.own.environment(transition.env.name), transition.env.model_dump_json())
        for effect in transition.effects:
            if isinstance(effect, Publish):
                # xadd's field and value types: a dict[bytes, bytes] is no dict of them (dicts are invariant)
                fields: dict[FieldT, EncodableT] = {name: value for name, value in encode(effect.event).items()}
                pipe.xadd(self.keys.events, fields)
            elif isinstance(effect, RunCommand):
                self._enqueue(pipe, effect)
            elif isinstance(effect, SetTimer):
                pipe.zadd(self.own.timers, {timer_member(effect): effect.due.timestamp()})
            elif isinstance(effect, ClearTimer):
                pipe.zrem(self.own.timers, timer_member(effect))
            elif isinstance(effect, StopCommands):
                pass  # carried out after the commit by the caller: stopping is idempotent and may not be undone
        return written
