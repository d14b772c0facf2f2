"""Deployments and environments in Redis, changed atomically with the effects of each decision.

One WATCH/MULTI per input: load the deployment and its environment (and the head of the queue when the
environment frees up), decide with the pure core, then write the new state, the events, the commands to run,
the timers and the input's handled-marker in one transaction. Two replicas deciding at once: one wins, the
other retries on fresh state. Redelivery of a handled input: nothing happens. Each snapshot is a hash that a
write changes only where the decision changed it (snapshots.py, documents.py).
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from shared.documents.reading import peek, read_text
from shared.keys.coordinator import CoordinatorKeys
from shared.streams import Keys
from shared.transact import transact

from .domain import lifecycle
from .domain.model import Deployment, EnvironmentState
from .domain.transition import Transition
from .outbox import Enqueue, queue_effects
from .snapshots import Loaded, Pending, Snapshots

log = logging.getLogger("flightdeck.coordinator")

Decide = Callable[[EnvironmentState, Deployment | None, datetime], Transition | None]
HANDLED_TTL_S = 7 * 86400


class DeploymentStore:
    def __init__(self, redis: "Redis", keys: Keys, enqueue: Enqueue) -> None:
        self.redis, self.keys, self._enqueue = redis, keys, enqueue
        self.own = CoordinatorKeys.of(keys)
        self.snapshots = Snapshots()

    async def deployment(self, deployment_id: str) -> Deployment | None:
        raw = await read_text(self.redis, self.own.deployment(deployment_id))
        return Deployment.model_validate_json(raw) if raw else None

    async def environment(self, name: str) -> EnvironmentState:
        raw = await read_text(self.redis, self.own.environment(name))
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
        # One WATCH and one peek when the input names its environment (events do), two more when it does not.
        watched = [key, *([self.own.environment(environment)] if environment else []), *([marker] if marker else [])]
        await pipe.watch(*watched)
        found = dict(zip(watched, await peek(pipe, watched), strict=True))
        if marker and found[marker].kind != "none":
            return None
        loaded: dict[str, Loaded[Deployment]] = {}
        got = await self.snapshots.load(pipe, key, Deployment, found[key])
        if got is not None:
            loaded[deployment_id] = got
        deployment = got.document if got else None
        name = deployment.environment if deployment else environment  # the deployment's own, whatever an event says
        if name is None:
            return None
        env_key = self.own.environment(name)
        if env_key not in found:
            await pipe.watch(env_key)
            (found[env_key],) = await peek(pipe, [env_key])
        stored = await self.snapshots.load(pipe, env_key, EnvironmentState, found[env_key])
        env = stored.document if stored else EnvironmentState(name=name)
        now = datetime.now(UTC)
        transition = decide(env, deployment, now)
        if transition is None:
            return None
        await self._promote(pipe, transition, now, loaded)
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        # An environment nothing was ever stored for, and that gained nothing (a request rejected before a plan
        # knew its environment), is not created: only the plan's environments come to exist.
        keep_env = stored is not None or transition.env != EnvironmentState(name=name)
        pending = self._write(pipe, transition, loaded, stored if keep_env else None, keep_env)
        if marker:
            pipe.set(marker, 1, ex=HANDLED_TTL_S)
        await pipe.execute()
        self.snapshots.committed(pending)
        return transition

    async def _promote(
        self, pipe: Pipeline, transition: Transition, now: datetime, loaded: dict[str, Loaded[Deployment]]
    ) -> None:
        """When the environment frees up, the next queued deployment takes it, in this same transaction."""
        needed = lifecycle.awaiting(transition)
        if not needed:
            return
        keys = [self.own.deployment(deployment_id) for deployment_id in needed]
        await pipe.watch(*keys)
        queued: dict[str, Deployment | None] = {}
        for deployment_id, key, found in zip(needed, keys, await peek(pipe, keys), strict=True):
            got = await self.snapshots.load(pipe, key, Deployment, found)
            queued[deployment_id] = got.document if got else None
            if got is not None:
                loaded[deployment_id] = got
        promotion = lifecycle.promote_next(transition, queued, now)
        if promotion.vanished:
            log.info("queued deployments %s no longer exist; skipped", ", ".join(promotion.vanished))

    def _write(
        self,
        pipe: Pipeline,
        transition: Transition,
        loaded: dict[str, Loaded[Deployment]],
        stored: Loaded[EnvironmentState] | None,
        keep_env: bool,
    ) -> list[Pending]:
        """Queues the transition's writes; what they will have written, once committed."""
        pending = []
        for deployment in transition.deployments.values():
            deployment.version += 1
            key = self.own.deployment(deployment.id)
            pending.append(self.snapshots.write(pipe, key, deployment, loaded.get(deployment.id)))
            pipe.zadd(self.own.history(deployment.environment), {deployment.id: deployment.created_at.timestamp()})
        if keep_env:
            transition.env.version += 1
            env_key = self.own.environment(transition.env.name)
            pending.append(self.snapshots.write(pipe, env_key, transition.env, stored))
        queue_effects(pipe, self.keys, self.own, self._enqueue, transition.effects)
        return pending
