"""The canary judge: is the new version worse than the previous one, metric by metric? (pure)

The method is that of Netflix's Kayenta canary judge, simplified so that every step can be shown to a person:

1. Per metric, the samples of the baseline (previous version) and of the canary (new version) are compared with
   the two-sided Mann-Whitney U test (nonparametric: no assumption about the shape of latency or error-rate
   distributions). Missing or non-finite points are dropped; fewer than `min_samples` points on either side
   classify the metric "nodata", which neither passes nor fails it.
2. A significant difference (p < alpha) counts only if it is also large: the relative change of the centres
   (median by default, mean for rates such as error rate, whose median is often 0) must exceed the metric's
   `effect_size` tolerance, and the ranks (U) and the centres must agree on its direction. Then the metric is
   "high" or "low"; otherwise "pass". Kayenta uses a confidence interval of the Hodges-Lehmann shift and a mean
   ratio; "significant and beyond the tolerance" is the same idea with numbers anyone can check.
   A baseline centre of 0 makes any non-zero canary centre an infinite change.
3. A metric fails when it moved in its bad `direction` ("increase" for error rate and latency, "decrease" for
   throughput, "either"); a move the other way passes. No multiple-comparison correction is made (as in Kayenta):
   the tolerance and the score thresholds absorb an occasional false alarm.
4. score = 100 * (weight of metrics that did not fail) / (weight of metrics with data). The verdict is "pass" at
   or above `pass_score`, "marginal" at or above `marginal_score`, else "fail"; a failing critical metric fails
   the judgement whatever the score. When no metric has data, the score is None and the verdict "nodata": the
   judge never passes a canary it could not see.

Why this rather than "ML insights": the answer is explainable. Each metric's reason is a sentence with the
numbers behind it, e.g. "error_rate: canary mean 4.1% vs baseline 0.3% (+1267%), p=0.0004: higher, fails
(critical)", and an operator can check it against the dashboards.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from services.rollback.domain.mannwhitney import mann_whitney_u

Direction = Literal["increase", "decrease", "either"]
Classification = Literal["pass", "high", "low", "nodata"]
Verdict = Literal["pass", "marginal", "fail", "nodata"]
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Judgement:
    score: float | None  # None when no metric had data
    verdict: Verdict
    metrics: list[MetricResult]
    reasons: list[str]  # the verdict's summary first, then each failing and each nodata metric


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
        medians = (statistics.median(base) if base else None, statistics.median(new) if new else None)
        means = (statistics.fmean(base) if base else None, statistics.fmean(new) if new else None)
        return MetricResult(spec.name, "nodata", None, *medians, None, spec.critical, reason, False, *means)
    test = mann_whitney_u(new, base)
    summarise = statistics.median if spec.center == "median" else statistics.fmean
    base_center, new_center = summarise(base), summarise(new)
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
    medians = statistics.median(base), statistics.median(new)
    means = statistics.fmean(base), statistics.fmean(new)
    return MetricResult(
        spec.name, classification, test.p_value, *medians, change, spec.critical, reason, failed, *means
    )


def judge(metrics: Iterable[MetricSamples], config: JudgeConfig = DEFAULT_CONFIG) -> Judgement:
    """Judge a canary over its metrics: a score, a verdict, and the reasons for it."""
    inputs = list(metrics)
    names = [m.spec.name for m in inputs]
    if len(set(names)) != len(names):
        raise ValueError(f"metric names must be unique, got {names}")
    results = [classify_metric(m.spec, m.baseline, m.canary, config) for m in inputs]
    weighed = [(m.spec.weight, r) for m, r in zip(inputs, results, strict=True) if r.classification != "nodata"]
    missing = [r.reason for r in results if r.classification == "nodata"]
    if not weighed:
        summary = f"nodata: none of the {len(results)} metrics had enough data to judge the canary"
        return Judgement(None, "nodata", results, [summary, *missing])
    score = 100 * sum(w for w, r in weighed if not r.failed) / sum(w for w, _ in weighed)
    passed = f"{sum(not r.failed for _, r in weighed)} of {len(weighed)} metrics with data passed"
    critical = [r.name for _, r in weighed if r.failed and r.critical]
    verdict: Verdict
    bar, low = config.pass_score, config.marginal_score
    if critical:
        verdict, why = "fail", f"critical metric{'s' * (len(critical) > 1)} {', '.join(critical)} failed"
    elif score >= config.pass_score:
        verdict, why = "pass", f"at or above the pass threshold {bar:g}"
    elif score >= config.marginal_score:
        verdict, why = "marginal", f"below the pass threshold {bar:g}, at or above the marginal threshold {low:g}"
    else:
        verdict, why = "fail", f"below the marginal threshold {low:g}"
    summary = f"{verdict}: score {score:.1f} ({passed}), {why}"
    return Judgement(score, verdict, results, [summary, *(r.reason for r in results if r.failed), *missing])
