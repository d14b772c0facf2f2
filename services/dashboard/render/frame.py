"""A chart's geometry: the plot area inside the margins, values and dates placed in it, and the empty state."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from .svg import AttrValue, Element, el, text
from .ticks import ValueTicks

CHAR_WIDTH = 7.0  # about one character at the charts' 12px, to lay out labels without measuring text
ROW_HEIGHT = 18.0


@dataclass(frozen=True)
class Frame:
    width: int
    height: int
    left: float = 52.0
    right: float = 16.0
    top: float = 16.0
    bottom: float = 32.0

    @property
    def plot_left(self) -> float:
        return self.left

    @property
    def plot_right(self) -> float:
        return self.width - self.right

    @property
    def plot_top(self) -> float:
        return self.top

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def plot_width(self) -> float:
        return self.plot_right - self.plot_left

    def y(self, value: float, ticks: ValueTicks) -> float:
        share = (value - ticks.low) / (ticks.high - ticks.low)
        return self.plot_bottom - share * (self.plot_bottom - self.plot_top)

    def x_of_day(self, day: date, start: date, end: date) -> float:
        span = (end - start).days
        if span == 0:
            return self.plot_left + self.plot_width / 2
        return self.plot_left + (day - start).days / span * self.plot_width


def fitted(frame: Frame, labels: Sequence[str]) -> Frame:
    """The frame with a left margin wide enough for the value axis' longest label."""
    widest = max((len(label) for label in labels), default=0) * CHAR_WIDTH + 12
    return replace(frame, left=max(frame.left, widest))


def checked_size(size: tuple[int, int], minimum: tuple[int, int] = (160, 120)) -> tuple[int, int]:
    if size[0] < minimum[0] or size[1] < minimum[1]:
        raise ValueError(f"a chart needs at least {minimum[0]}x{minimum[1]}, got {size[0]}x{size[1]}")
    return size


def empty_state(frame: Frame, message: str, hint: str = "") -> Element:
    """Drawn where the data would be: faint grid lines on a baseline, the message and a hint over them, so the
    chart reads as empty on purpose, not as a box that failed to load."""
    middle = (frame.plot_top + frame.plot_bottom) / 2
    centre = frame.plot_left + frame.plot_width / 2
    rows = [frame.plot_top + (frame.plot_bottom - frame.plot_top) * share for share in (0.0, 0.25, 0.5, 0.75)]
    grid = [
        el("line", {"x1": frame.plot_left, "y1": y, "x2": frame.plot_right, "y2": y, "class": "grid"}) for y in rows
    ]
    baseline = {"x1": frame.plot_left, "y1": frame.plot_bottom, "x2": frame.plot_right, "y2": frame.plot_bottom}
    lines = el("g", {"stroke": "currentColor", "stroke-opacity": 0.15, "stroke-dasharray": "4 4"}, grid)
    message_attrs: dict[str, AttrValue] = {"text-anchor": "middle", "font-size": 14, "class": "empty-message"}
    return el(
        "g",
        {"class": "empty-state"},
        [
            lines,
            el("line", {**baseline, "class": "baseline", "stroke": "currentColor", "stroke-opacity": 0.5}),
            text(centre, middle, message, message_attrs),
            text(centre, middle + 20, hint, {"text-anchor": "middle", "opacity": 0.7}) if hint else None,
        ],
    )
