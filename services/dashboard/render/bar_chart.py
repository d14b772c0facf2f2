"""A bar chart of amounts per bucket (deployments per day, per outcome, per duration range), grouped or stacked;
each series filled with its own pattern so it reads without colour, totals written over the bars when they fit."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .axes import bucket_axis, value_axis
from .frame import CHAR_WIDTH, Frame, checked_size, empty_state, fitted
from .line_chart import NO_DATA
from .marks import legend, pattern_defs, pattern_id, series_class
from .summary import amount, numbers
from .svg import Element, checked_id, document, el, num, text
from .ticks import ValueTicks, tick_label, value_ticks

LISTED_BUCKETS = 31  # up to this many, <desc> gives every bucket's amount; past it, the lowest, highest and last


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: Sequence[float]  # one per bucket, none negative


def _checked(buckets: Sequence[str], series: Sequence[BarSeries]) -> None:
    for one in series:
        if len(one.values) != len(buckets):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {len(buckets)} buckets")
        for bucket, value in zip(buckets, one.values, strict=True):
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"series {one.name!r} has {value!r} for bucket {bucket!r}; a bar needs 0 or more")


def _bar(x: float, width: float, low: float, high: float, frame: Frame, ticks: ValueTicks, fill: str) -> Element:
    top, bottom = frame.y(high, ticks), frame.y(low, ticks)
    box = {"x": x, "y": top, "width": width, "height": bottom - top}
    return el("rect", {"class": "bar", **box, "fill": fill, "stroke": "currentColor", "stroke-width": 1})


def _bars(
    buckets: Sequence[str], series: Sequence[BarSeries], frame: Frame, ticks: ValueTicks, stacked: bool, prefix: str
) -> tuple[list[Element], list[Element]]:
    band = frame.plot_width / len(buckets)
    inner = band * 0.8
    width = inner if stacked else inner / len(series)
    groups: list[list[Element]] = [[] for _ in series]
    labels: list[Element] = []
    for position in range(len(buckets)):
        left = frame.plot_left + position * band + (band - inner) / 2
        below = 0.0
        for index, one in enumerate(series):
            value = one.values[position]
            x = left if stacked else left + index * width
            low = below if stacked else 0.0
            if value > 0:
                groups[index].append(
                    _bar(x, width, low, low + value, frame, ticks, f"url(#{pattern_id(prefix, index)})")
                )
            if not stacked and len(num(value)) * CHAR_WIDTH <= width + 2:
                labels.append(
                    text(
                        x + width / 2,
                        frame.y(value, ticks) - 4,
                        num(value),
                        {"text-anchor": "middle", "class": "bar-value"},
                    )
                )
            below += value if stacked else 0.0
        if stacked and len(num(below)) * CHAR_WIDTH <= band:
            labels.append(
                text(
                    left + inner / 2,
                    frame.y(below, ticks) - 4,
                    num(below),
                    {"text-anchor": "middle", "class": "bar-value"},
                )
            )
    drawn = [
        el("g", {"class": series_class(index), "data-series": one.name}, groups[index])
        for index, one in enumerate(series)
    ]
    return drawn, labels


def bar_chart(
    buckets: Sequence[str],
    series: Sequence[BarSeries],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    stacked: bool = False,
    size: tuple[int, int] = (640, 280),
    empty_message: str = NO_DATA,
) -> str:
    checked_id(chart_id)
    width, height = checked_size(size)
    _checked(buckets, series)
    if not buckets or not any(value > 0 for one in series for value in one.values):
        desc = f"{empty_message}."
        body = [empty_state(Frame(width, height), empty_message)]
        return document(chart_id, size, title, desc, body, css_class="chart chart-bar chart-empty")
    key, key_height = legend([one.name for one in series], width, prefix=chart_id, bars=True)
    frame = Frame(width, height, top=key_height + 12)
    tallest = max(
        sum(column) if stacked else max(column) for column in zip(*(one.values for one in series), strict=True)
    )
    ticks = value_ticks(0.0, tallest, max(2, int((frame.plot_bottom - frame.plot_top) // 40)))
    frame = fitted(frame, [tick_label(value, ticks.step, unit) for value in ticks.values])
    band = frame.plot_width / len(buckets)
    centres = [frame.plot_left + (position + 0.5) * band for position in range(len(buckets))]
    bars, labels = _bars(buckets, series, frame, ticks, stacked, chart_id)
    body = [
        pattern_defs(chart_id, len(series)),
        key,
        value_axis(frame, ticks, unit),
        *bars,
        bucket_axis(frame, buckets, centres, band),
    ]
    body.append(el("g", {"class": "bar-values"}, labels))
    how = "stacked" if stacked else "side by side"
    desc = " ".join([f"{len(buckets)} buckets, {how}.", *(_described(buckets, one, unit) for one in series)])
    return document(
        chart_id, size, title, desc, body, css_class=f"chart chart-bar{' chart-stacked' if stacked else ''}"
    )


def _described(buckets: Sequence[str], one: BarSeries, unit: str) -> str:
    if len(buckets) > LISTED_BUCKETS:
        return numbers(one.name, list(one.values), unit, buckets[-1])
    listed = ", ".join(f"{bucket} {amount(value, unit)}" for bucket, value in zip(buckets, one.values, strict=True))
    return f"{one.name}: {listed}; total {amount(sum(one.values), unit)}."
