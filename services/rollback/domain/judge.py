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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .canary_metric import DEFAULT_CONFIG, JudgeConfig, MetricResult, MetricSamples, classify_metric

JudgeVerdict = Literal["pass", "marginal", "fail", "nodata"]


@dataclass(frozen=True)
class Judgement:
    score: float | None  # None when no metric had data
    verdict: JudgeVerdict
    metrics: list[MetricResult]
    reasons: list[str]  # the verdict's summary first, then each failing and each nodata metric


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
    verdict, why = _verdict(score, critical, config)
    summary = f"{verdict}: score {score:.1f} ({passed}), {why}"
    return Judgement(score, verdict, results, [summary, *(r.reason for r in results if r.failed), *missing])


def _verdict(score: float, critical: list[str], config: JudgeConfig) -> tuple[JudgeVerdict, str]:
    """The verdict on a score, and why; a failing critical metric fails it whatever the score."""
    bar = config.pass_score
    low = config.marginal_score
    if critical:
        return "fail", f"critical metric{'s' * (len(critical) > 1)} {', '.join(critical)} failed"
    if score >= bar:
        return "pass", f"at or above the pass threshold {bar:g}"
    if score >= low:
        return "marginal", f"below the pass threshold {bar:g}, at or above the marginal threshold {low:g}"
    return "fail", f"below the marginal threshold {low:g}"
