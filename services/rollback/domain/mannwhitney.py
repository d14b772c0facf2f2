"""The Mann-Whitney U test of two independent samples, in pure Python (pure).

It agrees with scipy.stats.mannwhitneyu's defaults (method="auto", use_continuity=True), which the tests check:

* U is the statistic of the first sample x: the number of pairs (x_i, y_j) with x_i > y_j, ties counting one half
  (computed from average ranks, as scipy does);
* the p-value is exact when one sample has at most 8 observations and no value is tied, from the null
  distribution of U counted exactly with integers (the coefficients of the Gaussian binomial [n1+n2 choose n1]_q);
* otherwise it is the normal approximation with the tie correction and the continuity correction of 1/2.

For "two-sided" the p-value is twice the upper tail of max(U1, U2), capped at 1.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Alternative = Literal["two-sided", "greater", "less"]
Method = Literal["exact", "asymptotic"]
EXACT_MAX_SIZE = 8  # scipy's rule: exact when either sample has at most this many observations and there are no ties


@dataclass(frozen=True)
class MannWhitney:
    u: float  # U of the first sample x, like scipy's statistic
    p_value: float
    method: Method


def _checked(x: Sequence[float], y: Sequence[float]) -> tuple[list[float], list[float]]:
    xs = [float(v) for v in x]
    ys = [float(v) for v in y]
    if not xs or not ys:
        raise ValueError(f"Mann-Whitney U needs two non-empty samples, got sizes {len(xs)} and {len(ys)}")
    if any(math.isnan(v) for v in xs + ys):
        raise ValueError("Mann-Whitney U samples must not contain NaN")
    return xs, ys


def _ranks(values: list[float]) -> tuple[list[float], list[int]]:
    """Average ranks (1-based) of `values`, and the sizes of the groups of tied values (1 for an untied value)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    ties: list[int] = []
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        average = (start + end) / 2 + 1
        for i in order[start : end + 1]:
            ranks[i] = average
        ties.append(end - start + 1)
        start = end + 1
    return ranks, ties


def _u_counts(n1: int, n2: int, upto: int) -> list[int]:
    """How many of the C(n1+n2, n1) orderings give U = 0, 1, ..., upto (no ties).

    These are the coefficients of the Gaussian binomial prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), m = min(n1, n2),
    n = max(n1, n2), computed as power series truncated after q^upto: O(m * upto) integer additions.
    """
    m = min(n1, n2)
    n = max(n1, n2)
    counts = [1] + [0] * upto
    for i in range(1, m + 1):
        for u in range(upto, n + i - 1, -1):  # times (1 - q^(n+i))
            counts[u] -= counts[u - n - i]
        for u in range(i, upto + 1):  # divided by (1 - q^i): times 1 + q^i + q^2i + ...
            counts[u] += counts[u - i]
    return counts


def _exact_upper_tail(u: int, n1: int, n2: int) -> float:
    """P(U >= u) under the null hypothesis, exactly (U is symmetric about n1*n2/2)."""
    total = math.comb(n1 + n2, n1)
    mirror = n1 * n2 - u
    if mirror <= u:  # P(U >= u) = P(U <= mirror)
        return sum(_u_counts(n1, n2, mirror)) / total
    if u <= 0:
        return 1.0
    return (total - sum(_u_counts(n1, n2, u - 1))) / total


def _normal_upper_tail(u: float, n1: int, n2: int, ties: list[int]) -> float:
    """P(U >= u) by the normal approximation, with the tie and continuity corrections."""
    n = n1 + n2
    tie_term = sum(t**3 - t for t in ties)
    variance = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)))
    numerator = u - n1 * n2 / 2 - 0.5
    if variance <= 0:  # every value equal: U is its mean, no evidence either way
        return 1.0
    z = numerator / math.sqrt(variance)
    return 0.5 * math.erfc(z / math.sqrt(2))


def mann_whitney_u(x: Sequence[float], y: Sequence[float], alternative: Alternative = "two-sided") -> MannWhitney:
    """Mann-Whitney U test of x against y; "greater" means x is stochastically greater than y."""
    if alternative not in ("two-sided", "greater", "less"):
        raise ValueError(f"alternative must be 'two-sided', 'greater' or 'less', not {alternative!r}")
    xs, ys = _checked(x, y)
    n1 = len(xs)
    n2 = len(ys)
    ranks, ties = _ranks(xs + ys)
    u1 = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    u2 = n1 * n2 - u1
    factor = 2 if alternative == "two-sided" else 1
    if alternative == "greater":
        u = u1
    elif alternative == "less":
        u = u2
    else:
        u = max(u1, u2)
    exact = min(n1, n2) <= EXACT_MAX_SIZE and all(t == 1 for t in ties)
    if exact:
        tail = _exact_upper_tail(round(u), n1, n2)
    else:
        tail = _normal_upper_tail(u, n1, n2, ties)
    return MannWhitney(u1, min(1.0, max(0.0, factor * tail)), "exact" if exact else "asymptotic")


def rank_biserial(x: Sequence[float], y: Sequence[float]) -> float:
    """The rank-biserial correlation 2*U1/(n1*n2) - 1, in [-1, 1]; equal to Cliff's delta.

    It is P(x > y) - P(x < y) for a random pair: +1 when every x exceeds every y, 0 when neither tends to be larger.
    """
    xs, ys = _checked(x, y)
    ranks, _ = _ranks(xs + ys)
    u1 = sum(ranks[: len(xs)]) - len(xs) * (len(xs) + 1) / 2
    return 2 * u1 / (len(xs) * len(ys)) - 1
