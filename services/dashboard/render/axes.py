"""Axes drawn from their ticks: values with grid lines on the left, days or weeks, or named buckets, below."""

from collections.abc import Sequence
from datetime import date

from .frame import CHAR_WIDTH, Frame
from .svg import Element, el, text
from .ticks import DateTicks, ValueTicks, day_label, tick_label


def _line(x1: float, y1: float, x2: float, y2: float, css_class: str, opacity: float) -> Element:
    return el(
        "line",
        {
            "class": css_class,
            "x1": x1,
            "y1": y1,
            "x2": x2,
            "y2": y2,
            "stroke": "currentColor",
            "stroke-opacity": opacity,
        },
    )


def value_axis(frame: Frame, ticks: ValueTicks, unit: str = "") -> Element:
    marks: list[Element] = []
    for value in ticks.values:
        y = frame.y(value, ticks)
        marks.append(_line(frame.plot_left, y, frame.plot_right, y, "grid", 0.15))
        label = tick_label(value, ticks.step, unit)
        marks.append(text(frame.plot_left - 6, y + 4, label, {"text-anchor": "end", "class": "tick"}))
    return el("g", {"class": "axis axis-y"}, marks)


def date_axis(frame: Frame, ticks: DateTicks, start: date, end: date) -> Element:
    marks: list[Element] = [
        _line(frame.plot_left, frame.plot_bottom, frame.plot_right, frame.plot_bottom, "baseline", 0.5)
    ]
    for day in ticks.days:
        x = frame.x_of_day(day, start, end)
        marks.append(_line(x, frame.plot_bottom, x, frame.plot_bottom + 4, "tick-mark", 0.5))
        marks.append(text(x, frame.plot_bottom + 18, day_label(day), {"text-anchor": "middle", "class": "tick"}))
    return el("g", {"class": f"axis axis-x axis-{ticks.unit}s"}, marks)


def bucket_axis(frame: Frame, buckets: Sequence[str], centres: Sequence[float], band: float) -> Element:
    """One label per bucket, every few when they would overlap."""
    widest = max((len(bucket) for bucket in buckets), default=1) * CHAR_WIDTH + 6
    every = max(1, int(widest // band) + (1 if widest % band else 0))
    marks: list[Element] = [
        _line(frame.plot_left, frame.plot_bottom, frame.plot_right, frame.plot_bottom, "baseline", 0.5)
    ]
    for index, (bucket, x) in enumerate(zip(buckets, centres, strict=True)):
        if index % every == 0:
            marks.append(text(x, frame.plot_bottom + 18, bucket, {"text-anchor": "middle", "class": "tick"}))
    return el("g", {"class": "axis axis-x axis-buckets"}, marks)
