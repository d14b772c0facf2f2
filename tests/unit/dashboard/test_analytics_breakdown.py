"""The breakdowns made from days' parts equal the figures of the query narrowed to the group, by day and by week;
and the memo the API keeps makes a day's part again only when one of that day's summaries changed."""

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from services.dashboard.domain.breakdown import overview
from services.dashboard.domain.day_parts import DayPart, day_part
from services.dashboard.domain.dora import Dora, days_of, dora
from services.dashboard.domain.dora_levels import LEVELS
from services.dashboard.domain.reliability import Bucket, series
from services.dashboard.domain.summary import Summary
from services.dashboard.web import analytics_memo
from services.dashboard.web.analytics_memo import OverviewMemo

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
STATUSES = ("succeeded", "failed", "rolled-back", "cancelled", "succeeded", "succeeded")


def history() -> list[Summary]:
    rows = []
    for n in range(60):
        end = (MONDAY + timedelta(hours=7 * n)).timestamp()
        services = ["api", "db", "web"][: 1 + n % 3]
        rows.append(
            Summary(
                id=f"d-{n}",
                environment=("prod", "staging")[n % 2],
                status=STATUSES[n % len(STATUSES)],
                created=end - 400 - n,
                started=end - 300 - n,
                ended=end,
                commit=end - 1000 * (n % 4) if n % 5 else None,
                durations={name: float(10 * n + i) if (n + i) % 4 else None for i, name in enumerate(services)},
                incident=n % 7 == 0,
                resolved=n % 14 == 0,
                recover_s=float(60 * n) if n % 14 == 0 else None,
            )
        )
    return rows


def without_ids(figures: Dora) -> dict[str, object]:
    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: [] if k.endswith("_ids") else strip(v) for k, v in value.items()}
        return value

    stripped = strip(figures.model_dump())
    assert isinstance(stripped, dict)
    return stripped


def test_each_breakdown_is_the_narrowed_figures_without_ids() -> None:
    rows, levels = history(), LEVELS[2021]
    days = days_of(MONDAY.timestamp(), (MONDAY + timedelta(days=21)).timestamp())
    bucket: Bucket
    for bucket in ("day", "week"):
        made = overview(rows, days, bucket, levels, None)
        assert made.dora == dora(rows, days, levels)
        assert made.over_time == series(((s, s.duration_s) for s in rows), bucket)
        for environment in ("prod", "staging"):
            group = [s for s in rows if s.environment == environment]
            assert without_ids(made.dora_by_environment[environment]) == without_ids(dora(group, days, levels))
            assert made.by_environment[environment] == series(((s, s.duration_s) for s in group), bucket)
        for name in ("api", "db", "web"):
            group = [s for s in rows if name in s.durations]
            assert without_ids(made.dora_by_service[name]) == without_ids(dora(group, days, levels))
            assert made.by_service[name] == series(((s, s.durations[name]) for s in group), bucket)
    assert list(overview(rows, days, "day", levels, "db").by_service) == ["db"]


def test_the_memo_makes_again_only_the_day_that_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    rows, levels, made = history(), LEVELS[2021], []
    days = days_of(MONDAY.timestamp(), (MONDAY + timedelta(days=21)).timestamp())

    def counting(day_rows: list[Summary], only: str | None) -> DayPart:
        made.append(day_rows[0].id)
        return day_part(day_rows, only)

    monkeypatch.setattr(analytics_memo, "day_part", counting)
    memo = OverviewMemo()
    first = memo.split(b"one", None)(rows, days, "day", levels, None)
    assert first == overview(rows, days, "day", levels, None)
    assert len(made) == len({s.day for s in rows})
    assert memo.split(b"one", None)(rows, days, "day", levels, None) is first, "the same summaries: the same figures"
    made.clear()
    changed = [*rows[:-1], dataclasses.replace(rows[-1], status="failed")]
    after = memo.split(b"two", None)(changed, days, "day", levels, None)
    assert after == overview(changed, days, "day", levels, None) and after != first
    assert made == [next(s.id for s in rows if s.day == rows[-1].day)], "only the last day was counted again"
