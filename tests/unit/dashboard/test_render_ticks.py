"""Axis ticks: nice steps (1, 2 or 5 times a power of ten) that cover the data; dates on days or Mondays."""

import math
from datetime import date, timedelta
from itertools import pairwise

import pytest

from services.dashboard.render.ticks import date_ticks, day_label, tick_label, value_ticks


def _is_nice(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, nice) for nice in (1, 2, 5, 10))


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (0, 1),
        (0.5, 0.97),
        (80, 100),
        (0, 100),
        (-7, 13),
        (0.001, 0.0042),
        (12, 987),
        (3, 3),
        (0, 0),
        (-5, -5),
        (1234, 98765),
    ],
)
def test_ticks_are_nice_evenly_spaced_and_cover_the_data(low: float, high: float) -> None:
    ticks = value_ticks(low, high, 5)
    assert _is_nice(ticks.step)
    assert ticks.low <= low and ticks.high >= high and ticks.high > ticks.low
    assert 2 <= len(ticks.values) <= 8
    gaps = [b - a for a, b in pairwise(ticks.values)]
    assert all(math.isclose(gap, ticks.step) for gap in gaps)
    assert all(math.isclose(value / ticks.step, round(value / ticks.step), abs_tol=1e-9) for value in ticks.values)


def test_known_cases_read_as_people_expect() -> None:
    assert value_ticks(80, 100).values == [80, 85, 90, 95, 100]
    assert value_ticks(0, 100).values == [0, 20, 40, 60, 80, 100]
    assert value_ticks(0, 0.3).values == [0, 0.1, 0.2, 0.3]  # no 0.30000000000000004
    assert [tick_label(v, 0.1, "%") for v in (0, 0.1, 0.3)] == ["0.0%", "0.1%", "0.3%"]
    assert tick_label(-0.0, 1) == "0"


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="finite"):
        value_ticks(0, math.inf)


def test_a_week_is_labelled_day_by_day_the_same_in_every_locale() -> None:
    ticks = date_ticks(date(2026, 3, 1), date(2026, 3, 7))
    assert ticks.unit == "day" and len(ticks.days) == 7
    assert [day_label(d) for d in ticks.days[:2]] == ["Mar 1", "Mar 2"]


def test_a_quarter_is_labelled_by_mondays_within_the_range_and_no_more_than_asked() -> None:
    start, end = date(2026, 3, 1), date(2026, 5, 31)
    ticks = date_ticks(start, end, 7)
    assert ticks.unit == "week" and 2 <= len(ticks.days) <= 7
    assert all(day.weekday() == 0 and start <= day <= end for day in ticks.days)
    assert len({b - a for a, b in pairwise(ticks.days)}) == 1


def test_a_few_weeks_step_over_days_and_one_day_is_one_tick() -> None:
    start = date(2026, 3, 1)
    ticks = date_ticks(start, start + timedelta(days=13), 7)
    assert ticks.unit == "day" and ticks.days[1] - ticks.days[0] == timedelta(days=2)
    assert date_ticks(start, start).days == [start]
    with pytest.raises(ValueError, match="before it starts"):
        date_ticks(start, start - timedelta(days=1))
