"""The words a chart's <desc> says: its range and each series' numbers, for people who cannot see the drawing."""

from collections.abc import Sequence
from datetime import date

from .svg import num
from .ticks import day_label


def day_range(start: date, end: date) -> str:
    if start == end:
        return f"{day_label(start)} {start.year}"
    return f"{day_label(start)} {start.year} to {day_label(end)} {end.year}"


def amount(value: float, unit: str) -> str:
    return f"{num(value)}{unit}"


def numbers(name: str, values: Sequence[float], unit: str, last: str = "") -> str:
    """'api: 5 values, lowest 80%, highest 100%, last 95% on Mar 7.'"""
    if not values:
        return f"{name}: no values."
    described = f"{name}: {len(values)} value{'s' if len(values) != 1 else ''}"
    described += f", lowest {amount(min(values), unit)}, highest {amount(max(values), unit)}"
    described += f", last {amount(values[-1], unit)}{f' on {last}' if last else ''}."
    return described
