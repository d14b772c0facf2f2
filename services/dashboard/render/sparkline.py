"""A sparkline: one series as a small line beside a number, its summary in words, the last value marked."""

import math
from collections.abc import Sequence

from .summary import amount
from .svg import checked_id, document, el, num

SIZE = (120, 32)


def sparkline(
    values: Sequence[float | None], *, chart_id: str, title: str, unit: str = "", size: tuple[int, int] = SIZE
) -> str:
    """values oldest first; None is a gap. The line spans the lowest to the highest value, so it shows the
    shape, and <desc> says the numbers."""
    checked_id(chart_id)
    for position, value in enumerate(values):
        if value is not None and not math.isfinite(value):
            raise ValueError(f"sparkline {chart_id!r} has {value!r} at position {position}")
    width, height = size
    known = [value for value in values if value is not None]
    if not known:
        line = el(
            "path",
            {
                "class": "sparkline-empty",
                "d": f"M2 {num(height / 2)}H{num(width - 2)}",
                "stroke": "currentColor",
                "stroke-opacity": 0.4,
                "stroke-dasharray": "3 3",
                "fill": "none",
            },
        )
        empty = "sparkline sparkline-empty"
        return document(chart_id, size, title, "No data yet.", [line], css_class=empty, display_width=str(width))
    low, high = min(known), max(known)
    step = (width - 8) / max(1, len(values) - 1)

    def y(value: float) -> float:
        return height / 2 if high == low else height - 4 - (value - low) / (high - low) * (height - 8)

    runs: list[str] = []
    pen_up = True
    for position, value in enumerate(values):
        if value is None:
            pen_up = True
            continue
        runs.append(f"{'M' if pen_up else 'L'}{num(4 + position * step)} {num(y(value))}")
        pen_up = False
    last = max(position for position, value in enumerate(values) if value is not None)
    dot = el(
        "circle",
        {"class": "sparkline-last", "cx": 4 + last * step, "cy": y(known[-1]), "r": 2.5, "fill": "currentColor"},
    )
    line = el(
        "path",
        {"class": "sparkline-line", "d": "".join(runs), "stroke": "currentColor", "stroke-width": 1.5, "fill": "none"},
    )
    desc = f"{len(known)} values from {amount(low, unit)} to {amount(high, unit)}, last {amount(known[-1], unit)}."
    return document(
        chart_id,
        size,
        title,
        desc,
        [el("g", {"class": "series series-1"}, [line, dot])],
        css_class="sparkline",
        display_width=str(width),
    )
