"""Every event into every part of the read model: the deployment's view (with its indexes and timeline), the
services' state, silences and alert activity, and the search index. The consumer group and the rebuild both fold
through here, so a rebuilt model is the one the group would have built.

A deployment is in the in-flight set until its view ends; then its texts and its now complete log are indexed
(again, if a late event changed an ended view: indexing is idempotent)."""

from collections.abc import Sequence

from redis.asyncio import Redis

from services.dashboard.domain.views import TERMINAL, DeploymentView
from shared.events import Event
from shared.keys.dashboard import DashboardKeys

from .alerts import AlertsWriter
from .analytics import AnalyticsWriter
from .search_index import SearchIndexWriter
from .services import ServiceStateWriter
from .store import ReadModelWriter


class Projector:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys
        self.deployments = ReadModelWriter(redis, keys)
        self.services = ServiceStateWriter(redis, keys)
        self.alerts = AlertsWriter(redis, keys)
        self.index = SearchIndexWriter(redis, keys)
        self.analytics = AnalyticsWriter(redis, keys)

    async def apply(self, event: Event) -> DeploymentView | None:
        """Folds `event` in everywhere; the deployment's view after it (None for an event of no deployment)."""
        view = await self.deployments.apply(event)
        await self.services.apply(event)
        await self.alerts.apply(event)
        await self.analytics.apply(event, view)  # after the view: a summary is made from the view as stored
        if view is not None:
            await self._track(view)
        return view

    async def apply_run(self, events: Sequence[Event]) -> None:
        """Consecutive events of one deployment (the rebuild's), folded as apply() folds them one by one: the view
        and the services' state written once for all of them (cut after an event that ends the view, so what
        follows an end is folded on the ended view as stored), then each event's other parts in order."""
        while events:
            if len(events) == 1 or not events[0].deployment_id:
                await self.apply(events[0])
                events = events[1:]
                continue
            views = await self.deployments.apply_run(events)
            run, events = events[: len(views)], events[len(views) :]
            await self.services.apply_run(run)
            flying = False
            for event, view in zip(run, views, strict=True):
                await self.alerts.apply(event)
                await self.analytics.apply(event, view)
                if view is not None and (view.status in TERMINAL or not flying):
                    await self._track(view)
                    flying = view.status not in TERMINAL  # numbered and in flight: once is enough until it ends

    async def _track(self, view: DeploymentView) -> None:
        if view.status in TERMINAL:
            await self.index.index(view)  # before leaving the in-flight set: a search meanwhile finds it in either
            await self.redis.srem(self.keys.in_flight, view.id)
        else:
            await self.index.number_in_flight(view.id)

    async def clear(self) -> None:
        """Everything of the read model (as a lost Redis would): its keys all share one prefix."""
        await self.deployments.clear()
