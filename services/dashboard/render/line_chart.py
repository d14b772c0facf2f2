"""A time-series chart: one line per series over days (success rate, duration...), optionally filled as areas."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .axes import date_axis, value_axis
from .frame import Frame, checked_size, empty_state, fitted
from .marks import legend, line_attrs, marker, series_class
from .summary import day_range, numbers
from .svg import Element, checked_id, document, el, num
from .ticks import ValueTicks, date_ticks, day_label, tick_label, value_ticks

NO_DATA = "No deployments in this range"


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date, float | None]]  # None: nothing that day, drawn as a gap


def _checked(series: Sequence[Series], start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"the chart's range ends ({end}) before it starts ({start})")
    for one in series:
        for day, _ in one.points:
            if not start <= day <= end:
                raise ValueError(f"series {one.name!r} has a point on {day}, outside {start} to {end}")


def _runs(points: Sequence[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """The series split where a day has no value, in date order."""
    runs: list[list[tuple[date, float]]] = [[]]
    for day, value in sorted(points, key=lambda point: point[0]):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((day, value))
    return [run for run in runs if run]


def _series_marks(
    index: int, one: Series, frame: Frame, ticks: ValueTicks, span: tuple[date, date], area: bool
) -> Element:
    start, end = span
    dense = frame.plot_width / max(1, (end - start).days) < 8  # markers on every point would blur into the line
    marks: list[Element] = []
    for run in _runs(one.points):
        xy = [(frame.x_of_day(day, start, end), frame.y(value, ticks)) for day, value in run]
        line = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in xy)
        if area:
            base = num(frame.y(max(ticks.low, min(0.0, ticks.high)), ticks))
            shape = f"{line}L{num(xy[-1][0])} {base}L{num(xy[0][0])} {base}Z"
            marks.append(el("path", {"class": "area", "d": shape, "fill": "currentColor", "fill-opacity": 0.15}))
        marks.append(el("path", {"class": "line", "d": line, **line_attrs(index)}))
        marks.extend(marker(index, x, y) for x, y in (xy[-1:] if dense else xy))
    return el("g", {"class": series_class(index), "data-series": one.name}, marks)


def line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    start: date,
    end: date,
    unit: str = "",
    area: bool = False,
    y_range: tuple[float, float] | None = None,
    size: tuple[int, int] = (640, 280),
    empty_message: str = NO_DATA,
) -> str:
    """y_range is always shown (0 to 100 for a success rate); the data widens it where it goes beyond."""
    checked_id(chart_id)
    width, height = checked_size(size)
    _checked(series, start, end)
    values = [value for one in series for _, value in one.points if value is not None]
    if not values:
        frame = Frame(width, height)
        desc = f"{empty_message}: {day_range(start, end)}."
        drawn = [empty_state(frame, empty_message, day_range(start, end))]
        return document(chart_id, size, title, desc, drawn, css_class="chart chart-line chart-empty")
    key, key_height = legend([one.name for one in series], width, prefix=chart_id, bars=False)
    frame = Frame(width, height, top=key_height + 8)
    bounds = [*values, *(y_range or ())]
    ticks = value_ticks(min(bounds), max(bounds), max(2, int((frame.plot_bottom - frame.plot_top) // 40)))
    frame = fitted(frame, [tick_label(value, ticks.step, unit) for value in ticks.values])
    days = date_ticks(start, end, max(2, int(frame.plot_width // 72)))
    body: list[Element] = [key, value_axis(frame, ticks, unit), date_axis(frame, days, start, end)]
    body.extend(_series_marks(index, one, frame, ticks, (start, end), area) for index, one in enumerate(series))
    desc = " ".join([f"{day_range(start, end)}, by {days.unit}.", *(_described(one, unit) for one in series)])
    kind = "chart-area" if area else "chart-line"
    return document(chart_id, size, title, desc, body, css_class=f"chart {kind}")


def _described(one: Series, unit: str) -> str:
    known = sorted(((day, value) for day, value in one.points if value is not None), key=lambda point: point[0])
    return numbers(one.name, [value for _, value in known], unit, day_label(known[-1][0]) if known else "")
