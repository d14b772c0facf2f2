"""Success rate and durations over day and week buckets, rollbacks counted by cause, and the whole analysis over a
range narrowed to an environment or a service, from plain summaries with figures worked out by hand."""

from datetime import UTC, date, datetime, timedelta

import pytest

from services.dashboard.domain.analytics import AnalyticsQuery, RangeError, analyse, query_range
from services.dashboard.domain.breakdown import overview
from services.dashboard.domain.dora import days_of
from services.dashboard.domain.dora_levels import LEVELS
from services.dashboard.domain.reliability import series
from services.dashboard.domain.rollbacks import rollbacks
from services.dashboard.domain.stats import mean, median, percentile
from services.dashboard.domain.summary import Summary

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def at(days: float, hours: float = 12) -> float:
    return (MONDAY + timedelta(days=days, hours=hours)).timestamp()


def summary(
    n: int, status: str = "succeeded", ended: float | None = None, took: float = 60, **fields: object
) -> Summary:
    end = at(0) if ended is None else ended
    values: dict[str, object] = {"environment": "prod", "durations": {"api": took / 2}, **fields}
    return Summary(id=f"d-{n}", status=status, created=end - took - 5, started=end - took, ended=end, **values)  # type: ignore[arg-type]


def test_percentiles_interpolate_as_percentile_cont() -> None:
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.95) == pytest.approx(3.85)
    assert percentile([7.0], 0.95) == 7.0
    assert (median([]), mean([]), mean([1.0, 2.0])) == (None, None, 1.5)


def test_success_rate_and_durations_per_day_and_per_week() -> None:
    rows = [summary(1, took=100), summary(2, "failed", took=300), summary(3, ended=at(1), took=50)]
    rows += [summary(4, "cancelled", ended=at(1), took=10), summary(5, ended=at(7), took=20)]
    days = series(((s, s.duration_s) for s in rows), "day")
    assert [o.start for o in days] == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 9)]
    first = days[0]
    assert (first.deployments, first.succeeded, first.failed, first.success_rate) == (2, 1, 1, 0.5)
    assert (first.duration.mean_s, first.duration.p50_s) == (200, 200)
    assert first.duration.p95_s == pytest.approx(290)
    second = days[1]
    assert (second.deployments, second.succeeded, second.failed, second.success_rate) == (2, 1, 0, 1.0)
    weeks = series(((s, s.duration_s) for s in rows), "week")
    assert [(o.start, o.deployments) for o in weeks] == [(date(2026, 3, 2), 4), (date(2026, 3, 9), 1)]
    assert weeks[0].success_rate == pytest.approx(2 / 3)
    only_cancelled = series([(summary(6, "cancelled"), None)], "day")[0]
    assert only_cancelled.success_rate is None and only_cancelled.duration.mean_s is None


def test_by_service_each_service_with_its_own_duration() -> None:
    rows = [summary(1, took=100), summary(2, durations={"api": 40.0, "db": None})]
    days = days_of(at(0, 0), at(1, 0))
    per = overview(rows, days, "day", LEVELS[2021], None).by_service
    assert list(per) == ["api", "db"]
    assert per["api"][0].deployments == 2 and per["api"][0].duration.mean_s == 45  # 50 and 40
    assert per["db"][0].deployments == 1 and per["db"][0].duration.mean_s is None
    assert list(overview(rows, days, "day", LEVELS[2021], "db").by_service) == ["db"]
    by_environment = overview(rows, days, "day", LEVELS[2021], None).by_environment["prod"][0]
    assert by_environment.deployments == 2 and by_environment.duration.mean_s == 80  # 100 and 60, the whole runs


def test_rollbacks_counted_by_trigger_and_by_reason() -> None:
    rows = [
        summary(1, "rolled-back", trigger="health-degraded", reasons=("p95 900ms > 500ms", "error rate 9% > 5%")),
        summary(2, "rolled-back", trigger="health-degraded", reasons=("p95 900ms > 500ms",)),
        summary(3, "rolled-back", trigger="manual"),
        summary(4, "rolled-back"),  # rolled back without a request we saw
        summary(5),
    ]
    figures = rollbacks(rows)
    assert figures.count == 4 and figures.deployment_ids == ["d-1", "d-2", "d-3", "d-4"]
    assert [(c.cause, c.count, c.deployment_ids) for c in figures.triggers] == [
        ("health-degraded", 2, ["d-1", "d-2"]),
        ("(none given)", 1, ["d-4"]),
        ("manual", 1, ["d-3"]),
    ]
    assert [(c.cause, c.count) for c in figures.reasons] == [
        ("(none given)", 2),
        ("p95 900ms > 500ms", 2),
        ("error rate 9% > 5%", 1),
    ]
    assert rollbacks([]).count == 0 and rollbacks([]).triggers == []


def query(**fields: object) -> AnalyticsQuery:
    values: dict[str, object] = {"start": MONDAY, "end": MONDAY + timedelta(days=7), **fields}
    return AnalyticsQuery.model_validate(values)


def test_the_analysis_is_over_the_range_environment_and_service_asked() -> None:
    db = {"db": 10.0}
    rows = [summary(1), summary(2, "failed", environment="staging"), summary(3, durations=db, ended=at(2))]
    rows += [summary(4, ended=at(-1)), summary(5, ended=at(7))]  # before the range; at its end (excluded)
    everything = analyse(query(), LEVELS[2021], rows, [], [])
    assert everything.deployments == 3
    assert everything.dora.deployment_frequency.deployment_ids == ["d-1", "d-3"]
    assert everything.dora.change_failure_rate.value == pytest.approx(1 / 3)
    assert list(everything.dora_by_environment) == ["prod", "staging"]
    assert list(everything.dora_by_service) == ["api", "db"]
    breakdown = everything.dora_by_environment["prod"]
    assert breakdown.deployment_frequency.deployments == 2 and breakdown.deployment_frequency.deployment_ids == []
    assert breakdown.change_failure_rate.judged == 2 and breakdown.change_failure_rate.judged_ids == []
    prod = analyse(query(environment="prod"), LEVELS[2021], rows, [], [])
    assert prod.dora.change_failure_rate.deployment_ids == [] and prod.deployments == 2
    database = analyse(query(service="db"), LEVELS[2021], rows, [], [])
    assert database.dora.deployment_frequency.deployment_ids == ["d-3"] and list(database.by_service) == ["db"]
    assert database.by_service["db"][0].duration.mean_s == 10.0
    nothing = analyse(query(environment="qa"), LEVELS[2021], rows, [], [])
    assert nothing.deployments == 0 and nothing.over_time == [] and nothing.dora_by_service == {}


def test_the_range_defaults_to_the_last_90_days_and_is_checked() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert query_range(None, None, now) == (now - timedelta(days=90), now)
    assert query_range(MONDAY, None, now) == (MONDAY, now)
    with pytest.raises(RangeError, match="is not before to"):
        query_range(now, now, now)
    with pytest.raises(RangeError, match="at most 800 days"):
        query_range(now - timedelta(days=801), now, now)
