"""The benches' figures: how values spread (nearest-rank percentiles, shared.stats), and how a figure that may be
missing (a percentile of no values is None) is shown in a line of text, rounded for the JSON line, or divided."""

import math
from collections.abc import Collection
from dataclasses import dataclass

from shared.stats import percentile


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


@dataclass(frozen=True)
class Spread:
    """How some values spread: their count, p50, p99 (nearest rank) and max; None without values."""

    count: int
    p50: float | None
    p99: float | None
    max: float | None

    @classmethod
    def of(cls, values: Collection[float]) -> "Spread":
        return cls(len(values), percentile(values, 50), percentile(values, 99), max(values, default=None))

    def line(self, spec: str = "7.2f", unit: str = "ms") -> str:
        return f"p50 {shown(self.p50, spec)}  p99 {shown(self.p99, spec)}  max {shown(self.max, spec)} {unit}"


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def passed(ok: bool) -> str:
    """A target's verdict, as the benchmarks' reports print it."""
    return "PASS" if ok else "MISS"


def say(text: str) -> None:
    print(text, flush=True)
