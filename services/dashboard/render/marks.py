"""How one series looks apart from its colour: a marker shape and a dash for lines, a fill pattern for bars, and
the legend that names each. Colour itself comes from the page's CSS for `.series-N` through currentColor."""

from collections.abc import Sequence

from .frame import CHAR_WIDTH, ROW_HEIGHT
from .svg import AttrValue, Element, el, num, text

PALETTE_SIZE = 8  # the page styles .series-1 to .series-8
_DASHES: tuple[str | None, ...] = (None, "6 3", "2 3", "9 3 2 3", "1 4", "12 4")
_PATTERNS = (  # one 8x8 tile each: stripes, dots, bars, hatching
    "M0 8L8 0M-2 2L2 -2M6 10L10 6",
    "M2 2h1v1h-1zM6 6h1v1h-1z",
    "M0 2h8M0 6h8",
    "M0 8L8 0M0 0L8 8",
    "M2 0v8M6 0v8",
    "M0 0L8 8M-2 6L2 10M6 -2L10 2",
)
LEGEND_LABEL = 36  # characters of a series' name the legend shows; <desc> has them all


def series_class(index: int) -> str:
    return f"series series-{index % PALETTE_SIZE + 1}"


def line_attrs(index: int) -> dict[str, AttrValue]:
    return {"fill": "none", "stroke": "currentColor", "stroke-width": 2, "stroke-dasharray": _DASHES[index % 6]}


def marker(index: int, x: float, y: float, radius: float = 3.5) -> Element:
    shape = index % 6
    solid = {"fill": "currentColor", "class": "marker"}
    r = radius
    if shape == 0:
        return el("circle", {"cx": x, "cy": y, "r": r, **solid})
    if shape == 1:
        return el("rect", {"x": x - r, "y": y - r, "width": 2 * r, "height": 2 * r, **solid})
    if shape == 2:
        return el("path", {"d": f"M{num(x)} {num(y - r)}L{num(x + r)} {num(y + r)}H{num(x - r)}Z", **solid})
    if shape == 3:
        return el(
            "path",
            {
                "d": f"M{num(x)} {num(y - r)}L{num(x + r)} {num(y)}L{num(x)} {num(y + r)}L{num(x - r)} {num(y)}Z",
                **solid,
            },
        )
    cross = f"M{num(x - r)} {num(y - r)}L{num(x + r)} {num(y + r)}M{num(x - r)} {num(y + r)}L{num(x + r)} {num(y - r)}"
    if shape == 4:
        return el("path", {"d": cross, "fill": "none", "stroke": "currentColor", "stroke-width": 2, "class": "marker"})
    return el(
        "circle",
        {"cx": x, "cy": y, "r": r, "fill": "none", "stroke": "currentColor", "stroke-width": 2, "class": "marker"},
    )


def pattern_id(prefix: str, index: int) -> str:
    return f"{prefix}-pattern-{index + 1}"


def pattern_defs(prefix: str, count: int) -> Element:
    """A tint of the series' colour with its own texture on top; the pattern carries the class so currentColor
    inside it is the series' colour."""
    patterns = [
        el(
            "pattern",
            {
                "id": pattern_id(prefix, index),
                "class": series_class(index),
                "patternUnits": "userSpaceOnUse",
                "width": 8,
                "height": 8,
            },
            [
                el("rect", {"width": 8, "height": 8, "fill": "currentColor", "fill-opacity": 0.35}),
                el(
                    "path",
                    {"d": _PATTERNS[index % 6], "stroke": "currentColor", "stroke-width": 1.5, "fill": "currentColor"},
                ),
            ],
        )
        for index in range(count)
    ]
    return el("defs", {}, patterns)


def short(name: str, limit: int = LEGEND_LABEL) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def legend(names: Sequence[str], width: int, *, prefix: str, bars: bool) -> tuple[Element, float]:
    """Items left to right, wrapping onto rows; returns the legend and the height it takes."""
    items: list[Element] = []
    x, row, left, right = 52.0, 0, 52.0, width - 16.0
    for index, name in enumerate(names):
        label = short(name)
        item_width = 28 + len(label) * CHAR_WIDTH + 16
        if x + item_width > right and x > left:
            x, row = left, row + 1
        y = 14 + row * ROW_HEIGHT
        if bars:
            swatch = el(
                "rect",
                {
                    "x": x,
                    "y": y - 9,
                    "width": 20,
                    "height": 12,
                    "fill": f"url(#{pattern_id(prefix, index)})",
                    "stroke": "currentColor",
                },
            )
        else:
            swatch = el(
                "g",
                {},
                [el("path", {"d": f"M{num(x)} {num(y - 3)}h20", **line_attrs(index)}), marker(index, x + 10, y - 3)],
            )
        items.append(el("g", {"class": f"legend-item {series_class(index)}"}, [swatch, text(x + 28, y + 1, label)]))
        x += item_width
    return el("g", {"class": "legend"}, items), (row + 1) * ROW_HEIGHT + 8
