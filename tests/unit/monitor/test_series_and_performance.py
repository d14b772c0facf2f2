"""Buckets of probe figures per version, and performance judged against limits and the previous version."""

from services.monitor.domain.performance import Limits, judge
from services.monitor.domain.series import Bucket, Series


def test_a_bucket_closes_when_time_or_version_moves_on() -> None:
    series = Series(bucket_s=10)
    assert series.add(100.0, "1.0", True, 10) is None
    assert series.add(105.0, "1.0", False, 0) is None
    closed = series.add(111.0, "1.0", True, 30)
    assert closed == Bucket(100.0, "1.0", 2, 1, 10, 10, 10)
    assert closed.error_rate == 0.5
    closed = series.add(112.0, "2.0", True, 50)
    assert closed is not None and closed.version == "1.0" and closed.count == 1 and closed.p95_ms == 30
    assert closed.fields()["error_rate"] == "0.0000" and closed.fields()["p99_ms"] == "30.00"


def test_a_bucket_reports_nearest_rank_percentiles() -> None:
    """Of 20 latencies p95 is the 19th smallest, of 10 p50 is the 5th (the old local percentile said the 20th and
    the 6th: it rounded q * n / 100 + 0.5 half to even)."""
    twenty = Series(bucket_s=10)
    for ms in range(1, 21):
        twenty.add(100.0, "1.0", True, float(ms))
    closed = twenty.close()
    assert closed is not None and (closed.p50_ms, closed.p95_ms, closed.p99_ms) == (10, 19, 20)
    ten = Series(bucket_s=10)
    for ms in range(1, 11):
        ten.add(100.0, "1.0", True, float(ms))
    closed = ten.close()
    assert closed is not None and (closed.p50_ms, closed.p95_ms) == (5, 10)


def bucket(version: str, p95: float, errors: int = 0, count: int = 10) -> Bucket:
    return Bucket(0.0, version, count, errors, p95 / 2, p95, p95)


def test_absolute_limits() -> None:
    findings = judge(bucket("2.0", 900, errors=2), Limits(error_rate=0.05, p95_ms=800))
    assert [(f.metric, f.value, f.threshold) for f in findings] == [
        ("error_rate", 0.2, 0.05),
        ("latency_p95", 900, 800),
    ]
    assert judge(bucket("2.0", 700), Limits(error_rate=0.05, p95_ms=800)) == []


def test_a_regression_against_the_previous_version() -> None:
    (finding,) = judge(bucket("2.0", 130), Limits(regression=0.2), previous=bucket("1.0", 100))
    assert (finding.metric, finding.previous_value, finding.previous_version) == ("latency_p95", 100, "1.0")
    assert finding.threshold == 120
    assert judge(bucket("2.0", 115), Limits(regression=0.2), previous=bucket("1.0", 100)) == []


def test_a_thin_bucket_says_nothing() -> None:
    assert judge(bucket("2.0", 5000, count=2), Limits(p95_ms=100)) == []
