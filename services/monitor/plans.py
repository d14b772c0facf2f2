"""The plan the monitor acts on: the current revision, or, while that one does not load (a revision stored before
validation became stricter, or a plan file being edited), the last one that did. Watching never stops because a
newer plan is broken; what is wrong with it is kept for the unwatched report."""

from shared.plan import PlanError, StoredPlan
from shared.plan.cache import PlanCache


class MonitorPlans:
    def __init__(self, cache: PlanCache) -> None:
        self.cache = cache
        self.last: StoredPlan | None = None  # the last plan that loaded
        self.error: PlanError | None = None  # why the current one does not, while it does not

    async def current(self) -> StoredPlan | None:
        try:
            stored = await self.cache.current()
        except PlanError as exc:
            self.error = exc
            return self.last
        self.error = None
        if stored is not None:
            self.last = stored
        return stored
