"""How the benches show a figure that may be missing (shared.stats.percentile of no values is None): in a line of
text, rounded for the JSON line, and as a ratio of two figures."""

import math


def shown(value: float | None, spec: str = ".2f") -> str:
    """`value` formatted with `spec`; a missing one as "-", right-aligned to the spec's width."""
    if value is None or math.isnan(value):
        width = spec.split(".")[0].lstrip("<>^=+- ,")
        return "-".rjust(int(width)) if width.isdigit() else "-"
    return format(value, spec)


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def ratio(part: float | None, whole: float | None) -> float | None:
    """part / whole, or None when either is missing or whole is 0."""
    return None if part is None or not whole else part / whole
