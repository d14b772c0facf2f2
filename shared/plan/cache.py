"""A service's view of the plan: the current revision, noticed without a restart, and pinned revisions by number.

Checking for a new plan costs one small read (the current revision number); a plan is fetched and parsed only when
that number changes. Revisions never change once stored, so pinned ones are kept (a few) once parsed.
"""

from collections import OrderedDict
from typing import Protocol

from shared.plan.sources import FILE_REVISION, PlanSource, StoredPlan


class _Revisioned(Protocol):
    async def current_revision(self) -> int | None: ...


class PlanCache:
    def __init__(self, source: PlanSource, keep: int = 8) -> None:
        self._source = source
        self._keep = keep
        self._pinned: OrderedDict[int, StoredPlan] = OrderedDict()
        self._current: StoredPlan | None = None

    async def current(self) -> StoredPlan | None:
        """The plan services act on now; None until one is applied (or while the plan file is missing)."""
        probe = getattr(self._source, "current_revision", None)
        if probe is None:  # a file has no revision counter: read it afresh, as FilePlanSource promises
            self._current = await self._source.current()
            return self._current
        revision = await probe()
        if revision is None:
            return None
        if self._current is None or self._current.revision != revision:
            self._current = await self.revision(revision)
        return self._current

    async def revision(self, number: int) -> StoredPlan | None:
        """The plan a deployment pinned when it started."""
        if number != FILE_REVISION and number in self._pinned:
            self._pinned.move_to_end(number)
            return self._pinned[number]
        stored = await self._source.get(number)
        if stored is not None and number != FILE_REVISION:
            self._pinned[number] = stored
            while len(self._pinned) > self._keep:
                self._pinned.popitem(last=False)
        return stored
