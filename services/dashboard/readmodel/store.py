"""The read model's writes: one event folded into its deployment's view, the view and its indexes written in one
transaction, so a reader never sees a view without its index entries or the other way round.

Two replicas (or a redelivery) may apply events of one deployment at once: the view is WATCHed, so the second
writer starts again from the first one's result. Applying an event again changes nothing (see domain/deployment)."""

from collections.abc import Sequence

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from services.dashboard.domain.deployment import project
from services.dashboard.domain.query import score_of
from services.dashboard.domain.views import TERMINAL, DeploymentView
from shared.events import Event
from shared.keys.dashboard import DashboardKeys
from shared.transact import transact

TIMELINE_CAP = 5000  # events kept per deployment: far more than any real one has, a bound for a runaway one


def index_entries(keys: DashboardKeys, view: DeploymentView) -> set[str]:
    """Every index the view belongs in."""
    services = set(view.services) | set(view.versions)
    entries = {keys.index("environment", view.environment), keys.index("status", view.status)}
    entries |= {keys.index("service", name) for name in services}
    entries |= {keys.index("who", person) for person in view.who}
    return entries


class ReadModelWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys

    async def apply(self, event: Event) -> DeploymentView | None:
        """Folds `event` into its deployment's view; None for an event of no deployment (nothing to write)."""
        if not event.deployment_id or not event.environment:
            return None
        key = self.keys.deployment(event.deployment_id)

        async def attempt(pipe: Pipeline) -> DeploymentView | None:
            await pipe.watch(key)
            raw = await pipe.get(key)
            before = DeploymentView.model_validate_json(raw) if raw else None
            after = project(before, event)
            if after is None:
                return None
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            self._write(pipe, before, after, [event])
            await pipe.execute()
            return after

        return await transact(self.redis, attempt, what=f"the view of deployment {event.deployment_id}")

    async def apply_run(self, events: Sequence[Event]) -> list[DeploymentView | None]:
        """Folds consecutive events of one deployment as apply() folds them one by one, in one transaction: up to
        and including the first that ends the view (so what follows an end sees the ended view stored). The view
        after each event folded (None where an event changed nothing); fewer than given when the run was cut."""
        deployment_id = events[0].deployment_id
        if not deployment_id or not events[0].environment:
            return [None]
        key = self.keys.deployment(deployment_id)

        async def attempt(pipe: Pipeline) -> list[DeploymentView | None]:
            await pipe.watch(key)
            raw = await pipe.get(key)
            before = DeploymentView.model_validate_json(raw) if raw else None
            view, after, folded = before, list[DeploymentView | None](), list[Event]()
            for event in events:
                step = project(view, event)
                after.append(step)
                if step is not None:
                    view = step
                    folded.append(event)
                    if step.status in TERMINAL:
                        break
            if view is None or not folded:
                return after
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            self._write(pipe, before, view, folded)
            await pipe.execute()
            return after

        return await transact(self.redis, attempt, what=f"the view of deployment {deployment_id}")

    def _write(
        self, pipe: Pipeline, before: DeploymentView | None, after: DeploymentView, events: Sequence[Event]
    ) -> None:
        """The view, and the index entries it is not in yet: those `before` was in already hold it at the same
        score (they were written with it, in its transaction), so most events write a handful of commands."""
        score, entries = score_of(after.created_at), index_entries(self.keys, after)
        held: set[str] = set()
        placed = before is not None and score_of(before.created_at) == score
        if before is not None and not placed:  # an earlier event arrived late
            self._unindex(pipe, before)
        elif before is not None:
            was = index_entries(self.keys, before)
            for stale in was - entries:
                pipe.zrem(stale, after.id)
            held = was & entries
        pipe.set(self.keys.deployment(after.id), after.model_dump_json())
        if not placed:
            pipe.zadd(self.keys.deployments, {after.id: score})
        for entry in entries - held:
            pipe.zadd(entry, {after.id: score})
        timeline = self.keys.timeline(after.id)
        told = {event.model_dump_json(): score_of(event.occurred_at) for event in events}  # the same event: one member
        pipe.zadd(timeline, told)
        pipe.zremrangebyrank(timeline, 0, -TIMELINE_CAP - 1)  # once after many: the same newest TIMELINE_CAP kept

    def _unindex(self, pipe: Pipeline, view: DeploymentView) -> None:
        for entry in index_entries(self.keys, view):
            pipe.zrem(entry, view.id)

    async def clear(self) -> None:
        """Everything of the read model, before a rebuild: views, timelines and indexes."""
        async for key in self.redis.scan_iter(match=f"{self.keys.base}:*", count=1000):
            await self.redis.unlink(key)
