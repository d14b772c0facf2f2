"""The one percentile every figure uses: the monitor's latency windows, the canary judge's buckets and the benches."""

import math
from collections.abc import Iterable


def percentile(values: Iterable[float], q: float) -> float | None:
    """The nearest-rank q-th percentile (q in 0..100): the smallest value that at least q% of the values are at or
    below, so it is always one of the values, never an interpolation between two. p0 is the minimum, p100 the
    maximum; None without values. Of 20 values p95 is the 19th smallest, of 100 values p99 the 99th."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"a percentile is between 0 and 100, not {q}")
    rank = math.ceil(q * len(ordered) / 100)  # q * n first: 95 * 20 / 100 is exactly 19, 0.95 * 20 is not
    return ordered[max(rank, 1) - 1]
