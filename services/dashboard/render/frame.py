"""A chart's geometry: the plot area inside the margins, values and dates placed in it, and the empty state."""

from dataclasses import dataclass
from datetime import date

from .svg import Element, el, text
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


def checked_size(size: tuple[int, int], minimum: tuple[int, int] = (160, 120)) -> tuple[int, int]:
    if size[0] < minimum[0] or size[1] < minimum[1]:
        raise ValueError(f"a chart needs at least {minimum[0]}x{minimum[1]}, got {size[0]}x{size[1]}")
    return size


def empty_state(frame: Frame, message: str, hint: str = "") -> Element:
    """Drawn where the data would be: a baseline, the message and a hint, not a silent empty box."""
    middle = (frame.plot_top + frame.plot_bottom) / 2
    centre = frame.plot_left + frame.plot_width / 2
    return el(
        "g",
        {"class": "empty-state"},
        [
            el(
                "rect",
                {
                    "x": frame.plot_left,
                    "y": frame.plot_top,
                    "width": frame.plot_width,
                    "height": frame.plot_bottom - frame.plot_top,
                    "rx": 6,
                    "fill": "none",
                    "stroke": "currentColor",
                    "stroke-opacity": 0.3,
                    "stroke-dasharray": "6 4",
                },
            ),
            text(centre, middle, message, {"text-anchor": "middle", "font-size": 14, "class": "empty-message"}),
            text(centre, middle + 20, hint, {"text-anchor": "middle", "opacity": 0.7}) if hint else None,
        ],
    )
