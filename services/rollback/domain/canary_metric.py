"""One metric of a canary judgement: the baseline's samples against the canary's, classified "pass", "high", "low"
or "nodata" with the sentence that explains it (pure). The method is in domain/judge.py."""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .mannwhitney import mann_whitney_u

Direction = Literal["increase", "decrease", "either"]
Classification = Literal["pass", "high", "low", "nodata"]
BAD = {"increase": {"high"}, "decrease": {"low"}, "either": {"high", "low"}}


@dataclass(frozen=True)
class MetricSpec:
    name: str
    direction: Direction  # which change is bad
    critical: bool  # failing it fails the whole judgement
    effect_size: float  # tolerance: a relative change of the centre up to this (0.1 = 10%) passes
    weight: float = 1.0
    center: Literal["median", "mean"] = "median"  # "mean" for rates
    unit: str = ""  # "ratio": values are fractions, shown as percentages; otherwise appended ("ms")

    def __post_init__(self) -> None:
        if self.direction not in BAD:
            raise ValueError(f"{self.name}: direction must be 'increase', 'decrease' or 'either'")
        if not self.effect_size >= 0 or not self.weight > 0:
            raise ValueError(f"{self.name}: effect_size must be >= 0 and weight > 0")
        if self.center not in ("median", "mean"):
            raise ValueError(f"{self.name}: center must be 'median' or 'mean'")


@dataclass(frozen=True)
class MetricSamples:
    spec: MetricSpec
    baseline: Sequence[float]
    canary: Sequence[float]


@dataclass(frozen=True)
class JudgeConfig:
    alpha: float = 0.05
    pass_score: float = 95.0
    marginal_score: float = 75.0
    min_samples: int = 5

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1 or self.min_samples < 1:
            raise ValueError("alpha must be in (0, 1) and min_samples at least 1")
        if not 0 <= self.marginal_score <= self.pass_score <= 100:
            raise ValueError("scores must satisfy 0 <= marginal_score <= pass_score <= 100")


DEFAULT_CONFIG = JudgeConfig()


@dataclass(frozen=True, kw_only=True)
class MetricResult:
    name: str
    classification: Classification
    p_value: float | None  # None: nodata
    baseline_median: float | None  # None: no points
    canary_median: float | None
    relative_change: float | None  # of the spec's centre, (canary - baseline) / |baseline|; None: nodata
    critical: bool
    reason: str
    failed: bool = False
    baseline_mean: float | None = None
    canary_mean: float | None = None


def _number(value: float, unit: str) -> str:
    return f"{value * 100:.3g}%" if unit == "ratio" else f"{value:.4g}" + (f" {unit}" if unit else "")


def _relative(baseline: float, canary: float) -> float:
    if baseline == 0:
        return 0.0 if canary == 0 else math.copysign(math.inf, canary)
    return (canary - baseline) / abs(baseline)


def _percent(change: float) -> str:
    if math.isinf(change):
        return "baseline 0"
    return f"{change * 100:+.0f}%" if abs(change) >= 0.1 else f"{change * 100:+.1f}%"


def classify_metric(
    spec: MetricSpec, baseline: Sequence[float], canary: Sequence[float], config: JudgeConfig = DEFAULT_CONFIG
) -> MetricResult:
    """Classify one metric "pass", "high", "low" or "nodata", with the sentence that explains it."""
    base = [float(v) for v in baseline if math.isfinite(v)]
    new = [float(v) for v in canary if math.isfinite(v)]
    if len(base) < config.min_samples or len(new) < config.min_samples:
        reason = (
            f"{spec.name}: not enough data ({len(new)} canary and {len(base)} baseline points, "
            f"{config.min_samples} needed on each side): not judged"
        )
        return MetricResult(
            name=spec.name,
            classification="nodata",
            p_value=None,
            baseline_median=statistics.median(base) if base else None,
            canary_median=statistics.median(new) if new else None,
            relative_change=None,
            critical=spec.critical,
            reason=reason,
            baseline_mean=statistics.fmean(base) if base else None,
            canary_mean=statistics.fmean(new) if new else None,
        )
    test = mann_whitney_u(new, base)
    summarise = statistics.median if spec.center == "median" else statistics.fmean
    base_center = summarise(base)
    new_center = summarise(new)
    change = _relative(base_center, new_center)
    middle = len(base) * len(new) / 2
    classification: Classification = "pass"
    if test.p_value >= config.alpha:
        text = "no significant difference"
    elif abs(change) <= spec.effect_size:
        text = f"significant but within the {spec.effect_size * 100:g}% tolerance"
    elif (test.u > middle) == (change > 0) and test.u != middle:
        classification = "high" if change > 0 else "low"
        text = "higher" if change > 0 else "lower"
    else:
        text = f"the ranks and the {spec.center}s disagree on the direction of the change"
    failed = classification in BAD[spec.direction]
    if failed:
        text += ", fails" + (" (critical)" if spec.critical else "")
    elif classification != "pass":
        text += ", which is not a bad direction for this metric"
    reason = (
        f"{spec.name}: canary {spec.center} {_number(new_center, spec.unit)} vs baseline {spec.center} "
        f"{_number(base_center, spec.unit)} ({_percent(change)}), p={test.p_value:.2g}: {text}"
    )
    return MetricResult(
        name=spec.name,
        classification=classification,
        p_value=test.p_value,
        baseline_median=statistics.median(base),
        canary_median=statistics.median(new),
        relative_change=change,
        critical=spec.critical,
        reason=reason,
        failed=failed,
        baseline_mean=statistics.fmean(base),
        canary_mean=statistics.fmean(new),
    )
