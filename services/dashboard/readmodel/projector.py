"""Every event into every part of the read model: the deployment's view (with its indexes and timeline), the
services' state, silences and alert activity, and the search index. The consumer group and the rebuild both fold
through here, so a rebuilt model is the one the group would have built.

A deployment is in the in-flight set until its view ends; then its texts and its now complete log are indexed
(again, if a late event changed an ended view: indexing is idempotent)."""

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

    async def _track(self, view: DeploymentView) -> None:
        if view.status in TERMINAL:
            await self.index.index(view)  # before leaving the in-flight set: a search meanwhile finds it in either
            await self.redis.srem(self.keys.in_flight, view.id)
        else:
            await self.index.number_in_flight(view.id)

    async def clear(self) -> None:
        """Everything of the read model (as a lost Redis would): its keys all share one prefix."""
        await self.deployments.clear()
