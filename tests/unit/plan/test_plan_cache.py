"""The plan cache asks for the current revision number each time, and fetches a plan only when it changed."""

from datetime import UTC, datetime

from shared.plan import parse_plan
from shared.plan.cache import PlanCache
from shared.plan.sources import StoredPlan
from tests.unit.plan.helpers import base, dump


class CountingSource:
    def __init__(self) -> None:
        self.revisions: dict[int, str] = {}
        self.fetches: list[int] = []

    def apply(self, text: str) -> int:
        number = len(self.revisions) + 1
        self.revisions[number] = text
        return number

    async def current_revision(self) -> int | None:
        return max(self.revisions) if self.revisions else None

    async def current(self) -> StoredPlan | None:
        number = await self.current_revision()
        return await self.get(number) if number else None

    async def get(self, revision: int) -> StoredPlan | None:
        self.fetches.append(revision)
        text = self.revisions.get(revision)
        if text is None:
            return None
        return StoredPlan(revision, text, "test.yaml", "sha", datetime(2026, 1, 1, tzinfo=UTC), parse_plan(text))


async def test_a_new_revision_is_noticed_and_an_unchanged_one_is_not_fetched_again() -> None:
    source = CountingSource()
    cache = PlanCache(source)
    assert await cache.current() is None
    source.apply(dump(base()))
    first = await cache.current()
    assert first is not None and first.revision == 1
    assert (await cache.current()) is first
    assert source.fetches == [1]
    source.apply(dump(base()))
    second = await cache.current()
    assert second is not None and second.revision == 2
    assert source.fetches == [1, 2]


async def test_pinned_revisions_are_kept_and_evicted_oldest_first() -> None:
    source = CountingSource()
    for _ in range(4):
        source.apply(dump(base()))
    cache = PlanCache(source, keep=2)
    for number in (1, 2, 1, 3, 1, 2):
        stored = await cache.revision(number)
        assert stored is not None and stored.revision == number
    assert source.fetches == [1, 2, 3, 2]
    assert await cache.revision(99) is None
