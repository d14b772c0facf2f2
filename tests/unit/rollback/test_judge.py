"""The canary judge: per-metric classifications, the score, the verdict and the sentences that explain them."""

import math
import random

import pytest

from services.rollback.domain.canary_metric import JudgeConfig, MetricSamples, MetricSpec, classify_metric
from services.rollback.domain.judge import judge

LATENCY = MetricSpec("latency_p95", direction="increase", critical=False, effect_size=0.1, unit="ms")


def gauss(mean: float, sd: float, n: int = 40, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    return [rng.gauss(mean, sd) for _ in range(n)]


def steady(name: str) -> MetricSamples:
    """A metric whose canary behaves like its baseline: the same noisy values in another order."""
    values = gauss(100, 10, seed=len(name))
    return MetricSamples(MetricSpec(name, "increase", False, 0.1), values, list(reversed(values)))


def worse(name: str, critical: bool = False, weight: float = 1.0) -> MetricSamples:
    """A metric whose canary is clearly higher, in its bad direction."""
    spec = MetricSpec(name, "increase", critical, 0.1, weight)
    return MetricSamples(spec, gauss(100, 10, seed=2), gauss(180, 10, seed=3))


def test_clearly_higher_latency_fails_with_the_numbers_in_the_reasons() -> None:
    result = judge([MetricSamples(LATENCY, gauss(200, 20, seed=1), gauss(320, 20, seed=2))])
    assert (result.verdict, result.score) == ("fail", 0.0)
    metric = result.metrics[0]
    assert metric.classification == "high" and metric.failed
    assert metric.p_value is not None and metric.p_value < 1e-6
    assert metric.canary_median is not None and metric.baseline_median is not None  # judged: both are set
    assert metric.relative_change is not None
    assert metric.relative_change == pytest.approx(metric.canary_median / metric.baseline_median - 1)
    assert metric.reason.startswith(f"latency_p95: canary median {metric.canary_median:.4g} ms vs baseline median")
    assert f"(+{metric.relative_change * 100:.0f}%), p=" in metric.reason and metric.reason.endswith("higher, fails")
    assert result.reasons[0] == "fail: score 0.0 (0 of 1 metrics with data passed), below the marginal threshold 75"
    assert result.reasons[1] == metric.reason


def test_a_significant_change_within_the_tolerance_passes() -> None:
    baseline = gauss(100, 1, n=200, seed=4)
    canary = gauss(103, 1, n=200, seed=5)  # +3%: certainly significant, but under the 10% tolerance
    metric = classify_metric(LATENCY, baseline, canary)
    assert metric.p_value is not None and metric.p_value < 1e-10
    assert metric.classification == "pass" and not metric.failed
    assert metric.reason.endswith("significant but within the 10% tolerance")
    tight = MetricSpec("latency_p95", "increase", False, effect_size=0.01)
    assert classify_metric(tight, baseline, canary).classification == "high"


def test_a_noisy_but_equal_series_passes() -> None:
    result = judge([MetricSamples(LATENCY, gauss(100, 40, seed=6), gauss(100, 40, seed=7))])
    assert (result.verdict, result.score) == ("pass", 100.0)
    assert result.metrics[0].classification == "pass"
    assert result.reasons == ["pass: score 100.0 (1 of 1 metrics with data passed), at or above the pass threshold 95"]


def test_a_failing_critical_metric_fails_the_judgement_despite_a_high_score() -> None:
    metrics = [steady(f"m{i}") for i in range(20)] + [worse("error_rate", critical=True)]
    result = judge(metrics)
    assert result.score == pytest.approx(100 * 20 / 21) and result.score >= 95  # type: ignore[operator]  # judged: the score is set
    assert result.verdict == "fail"
    assert result.reasons[0].startswith("fail: score 95.2 (20 of 21 metrics with data passed), critical metric error_")
    assert result.reasons[1].endswith("higher, fails (critical)")
    assert judge([*metrics[:20], worse("error_rate")]).verdict == "pass"  # the same failure, not critical


def test_between_the_thresholds_is_marginal_and_weights_count() -> None:
    result = judge([steady("a"), steady("b"), steady("c"), worse("d")])
    assert (result.score, result.verdict) == (75.0, "marginal")
    assert "below the pass threshold 95, at or above the marginal threshold 75" in result.reasons[0]
    heavy = judge([steady("a"), steady("b"), steady("c"), worse("d", weight=2)])
    assert (heavy.score, heavy.verdict) == (60.0, "fail")
    strict = judge([steady("a"), steady("b"), steady("c"), worse("d")], JudgeConfig(pass_score=99, marginal_score=80))
    assert strict.verdict == "fail"


def test_too_few_samples_is_nodata_and_neither_passes_nor_fails() -> None:
    few = MetricSamples(MetricSpec("cpu", "increase", True, 0.1), [1.0, 2.0, 3.0], [9.0, 9.5, 9.9, 9.7, 9.1])
    result = judge([few, steady("latency")])
    assert result.metrics[0].classification == "nodata" and result.metrics[0].p_value is None
    assert (result.score, result.verdict) == (100.0, "pass")
    expected = "cpu: not enough data (5 canary and 3 baseline points, 5 needed on each side): not judged"
    assert result.reasons[1] == expected
    alone = judge([few])
    assert (alone.score, alone.verdict) == (None, "nodata")
    assert alone.reasons[0] == "nodata: none of the 1 metrics had enough data to judge the canary"
    assert judge([few], JudgeConfig(min_samples=3)).verdict == "fail"


def test_missing_points_are_dropped_before_counting() -> None:
    baseline = [1.0, 2.0, math.nan, 3.0, math.inf, 4.0]
    metric = classify_metric(LATENCY, baseline, [1.0, 2.0, 3.0, 4.0, 5.0])
    assert metric.classification == "nodata" and metric.baseline_median == 2.5


def test_direction_decrease_fails_on_a_drop_and_passes_a_rise() -> None:
    throughput = MetricSpec("throughput", direction="decrease", critical=False, effect_size=0.1, unit="req/s")
    dropped = classify_metric(throughput, gauss(500, 20, seed=8), gauss(300, 20, seed=9))
    assert (dropped.classification, dropped.failed) == ("low", True)
    assert dropped.reason.endswith("lower, fails") and " req/s vs baseline median " in dropped.reason
    rose = classify_metric(throughput, gauss(500, 20, seed=8), gauss(700, 20, seed=9))
    assert (rose.classification, rose.failed) == ("high", False)
    assert rose.reason.endswith("higher, which is not a bad direction for this metric")
    faster = classify_metric(LATENCY, gauss(200, 10, seed=8), gauss(100, 10, seed=9))
    assert (faster.classification, faster.failed) == ("low", False)


def test_direction_either_fails_both_ways() -> None:
    spec = MetricSpec("queue_depth", "either", False, 0.1)
    assert classify_metric(spec, gauss(50, 5, seed=1), gauss(80, 5, seed=2)).failed
    assert classify_metric(spec, gauss(50, 5, seed=1), gauss(20, 5, seed=2)).failed


def test_error_rate_is_judged_on_its_mean_and_shown_as_a_percentage() -> None:
    spec = MetricSpec("error_rate", "increase", critical=True, effect_size=0.1, center="mean", unit="ratio")
    baseline = [0.0] * 27 + [0.03] * 3  # median 0, mean 0.3%
    canary = [0.041] * 30
    metric = classify_metric(spec, baseline, canary)
    assert metric.baseline_median == 0.0 and metric.baseline_mean == pytest.approx(0.003)
    assert metric.relative_change == pytest.approx(0.038 / 0.003)
    assert metric.reason.startswith("error_rate: canary mean 4.1% vs baseline mean 0.3% (+1267%), p=")
    assert metric.reason.endswith(": higher, fails (critical)")
    from_zero = classify_metric(spec, [0.0] * 30, canary)
    assert from_zero.relative_change == math.inf and "(baseline 0)" in from_zero.reason and from_zero.failed


def test_ranks_and_centres_that_disagree_do_not_fail() -> None:
    spec = MetricSpec("latency_mean", "increase", False, 0.1, center="mean")
    metric = classify_metric(spec, [10.0] * 19 + [10000.0], [20.0] * 20)  # ranks say higher, the mean says lower
    assert metric.p_value is not None and metric.p_value < 0.05
    assert metric.classification == "pass"
    assert metric.reason.endswith("the ranks and the means disagree on the direction of the change")


def test_invalid_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        judge([steady("a"), steady("a")])
    with pytest.raises(ValueError, match="direction"):
        MetricSpec("a", "up", False, 0.1)  # type: ignore[arg-type]  # on purpose: not a direction
    with pytest.raises(ValueError, match="effect_size"):
        MetricSpec("a", "increase", False, -0.1)
    with pytest.raises(ValueError, match="marginal_score"):
        JudgeConfig(pass_score=70, marginal_score=80)
    with pytest.raises(ValueError, match="alpha"):
        JudgeConfig(alpha=0)
