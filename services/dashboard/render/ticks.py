"""Axis ticks people read at a glance: values on 1, 2 or 5 times a power of ten, dates on days or whole weeks."""

import math
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY_STEPS = (1, 2, 3)
_WEEK_STEPS = (1, 2, 4, 8, 13, 26, 52)


@dataclass(frozen=True)
class ValueTicks:
    values: list[float]  # the first at or below the data, the last at or above it
    step: float

    @property
    def low(self) -> float:
        return self.values[0]

    @property
    def high(self) -> float:
        return self.values[-1]


@dataclass(frozen=True)
class DateTicks:
    days: list[date]
    unit: str  # "day" or "week"


def nice_number(value: float, *, rounded: bool) -> float:
    """1, 2, 5 or 10 times a power of ten near `value` (rounded) or at least `value` (not rounded)."""
    exponent = math.floor(math.log10(value))
    fraction = value / 10.0**exponent
    if rounded:
        nice = 1.0 if fraction < 1.5 else 2.0 if fraction < 3 else 5.0 if fraction < 7 else 10.0
    else:
        nice = 1.0 if fraction <= 1 else 2.0 if fraction <= 2 else 5.0 if fraction <= 5 else 10.0
    return nice * 10.0**exponent


def value_ticks(low: float, high: float, target: int = 5) -> ValueTicks:
    """About `target` ticks on a nice step, covering low..high (Heckbert's "nice numbers for graph labels")."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"ticks need finite bounds, got {low!r}..{high!r}")
    if target < 2:
        raise ValueError(f"ticks need a target of at least 2, got {target}")
    low, high = min(low, high), max(low, high)
    if low == high:  # one value: a range around it, from zero when that is near
        low, high = (0.0, 1.0) if low == 0 else (min(0.0, low * 2), max(0.0, high * 2))
    step = nice_number(nice_number(high - low, rounded=False) / (target - 1), rounded=True)
    digits = max(0, -math.floor(math.log10(step)))
    first = math.floor(low / step + 1e-9) * step
    values: list[float] = []
    index = 0
    while not values or values[-1] < high - step * 1e-9:
        values.append(round(first + index * step, digits))
        index += 1
    return ValueTicks(values, step)


def tick_label(value: float, step: float, unit: str = "") -> str:
    digits = max(0, -math.floor(math.log10(step)))
    shown = f"{value:.{digits}f}"
    return f"{shown.removeprefix('-') if float(shown) == 0 else shown}{unit}"


def day_label(day: date) -> str:
    """ "Mar 4": the same in every locale (strftime's %b is not)."""
    return f"{MONTHS[day.month - 1]} {day.day}"


def date_ticks(start: date, end: date, target: int = 7) -> DateTicks:
    """At most `target` dates from start to end: every day, every few days, or Mondays every few weeks."""
    if end < start:
        raise ValueError(f"a date range must not end ({end}) before it starts ({start})")
    span = (end - start).days
    for step in _DAY_STEPS:
        if span // step + 1 <= target:
            return DateTicks([start + timedelta(days=n) for n in range(0, span + 1, step)], "day")
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    for weeks in _WEEK_STEPS:
        days = [monday + timedelta(weeks=n) for n in range(0, (end - monday).days // 7 + 1, weeks)]
        if len(days) <= target:
            return DateTicks(days, "week")
    every = math.ceil(((end - monday).days // 7 + 1) / target)
    return DateTicks([monday + timedelta(weeks=n) for n in range(0, (end - monday).days // 7 + 1, every)], "week")
