"""The performance verdict: a baseline first, then slower versions fail and equally fast ones pass (plain values)."""

import random
import re

from services.rollback.domain.verification.regression import MAX_SAMPLES, Load, judge
from shared.plan.verification import Performance

PLAN = Performance.model_validate({"regression_threshold": "20%", "max_error_rate": "5%", "significance": 0.01})


def load(centre_ms: float, n: int = 200, errors: int = 0, version: str = "v", seed: int = 1) -> Load:
    rng = random.Random(seed)
    return Load([rng.gauss(centre_ms, centre_ms / 10) for _ in range(n)], errors, n + errors, 2.0, version)


def test_the_first_deployment_records_a_baseline_and_passes() -> None:
    verdict = judge(load(10, version="1.0"), None, PLAN)
    assert verdict.passed
    assert verdict.detail == "no baseline yet: recorded 1.0 as the baseline"
    assert {f.name: f.previous for f in verdict.figures} == dict.fromkeys(
        ["p50_ms", "p95_ms", "p99_ms", "error_rate", "requests_per_s"]
    )


def test_a_slower_version_fails_and_both_versions_stand_side_by_side() -> None:
    verdict = judge(load(15, version="1.1", seed=2), load(10, version="1.0"), PLAN)
    assert not verdict.passed
    assert re.match(r"slower than 1\.0: p(50|95) \d+\.\d → \d+\.\d ms \(\+\d+%\)", verdict.detail)
    assert "more than 20%" in verdict.detail
    p50 = next(f for f in verdict.figures if f.name == "p50_ms")
    assert p50.previous is not None and 9 < p50.previous < 11 and 14 < p50.current < 16


def test_an_equally_fast_version_passes() -> None:
    verdict = judge(load(10, version="1.1", seed=3), load(10, version="1.0"), PLAN)
    assert verdict.passed, verdict.detail
    assert verdict.detail.startswith("as fast as 1.0: ")


def test_a_significant_but_small_slowdown_passes_under_the_threshold() -> None:
    verdict = judge(load(11, n=2000, seed=4), load(10, n=2000), PLAN)  # 10% slower: significant, under 20%
    assert verdict.passed, verdict.detail


def test_a_large_difference_on_a_handful_of_requests_is_not_significant() -> None:
    verdict = judge(Load([10.0, 30.0], 0, 2, 1.0), Load([10.0, 11.0], 0, 2, 1.0), PLAN)
    assert verdict.passed, verdict.detail


def test_too_many_errors_fail_on_their_own() -> None:
    verdict = judge(load(10, n=90, errors=10), load(10), PLAN)
    assert not verdict.passed
    assert verdict.detail == "10.0% of 100 requests failed (at most 5.0% may)"


def test_a_load_nobody_answered_fails() -> None:
    verdict = judge(Load([], 5, 5, 1.0), None, PLAN)
    assert (verdict.passed, verdict.detail) == (False, "no request of the load was answered (5 errors)")


def test_a_kept_baseline_is_bounded() -> None:
    kept = load(10, n=10_000).kept()
    assert len(kept.latencies_ms) == MAX_SAMPLES
    assert kept.total == 10_000


def test_a_slowdown_under_the_minimum_is_noise_whatever_its_share() -> None:
    verdict = judge(load(1.5, n=500, seed=5), load(1.0, n=500), PLAN)  # +50%, but half a millisecond
    assert verdict.passed, verdict.detail
    strict = Performance.model_validate({"regression_threshold": "20%", "min_slowdown": "0.1ms"})
    assert not judge(load(1.5, n=500, seed=5), load(1.0, n=500), strict).passed
