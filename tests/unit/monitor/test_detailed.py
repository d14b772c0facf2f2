"""What /health/detailed adds to /health/ready: the failing checks, and a degraded verdict when ready still passes."""

from services.monitor.domain.detailed import combine, unhelpful, wanted
from services.monitor.domain.samples import Sample

READY = Sample("pass", 4.0, at=1.0, http_status=200, version="2.0")
DB_DOWN = Sample(
    "fail",
    9.0,
    at=1.1,
    http_status=503,
    reason="HTTP 503; status 'fail' (checks db:connections failing)",
    failing_checks=("db:connections",),
)


def test_failing_checks_behind_a_passing_ready_probe_degrade_the_service() -> None:
    found = combine(READY, DB_DOWN)
    assert (found.status, found.failing_checks) == ("warn", ("db:connections",))
    assert found.reason == "detailed: HTTP 503; status 'fail' (checks db:connections failing)"
    assert (found.latency_ms, found.http_status, found.version) == (4.0, 200, "2.0")  # the ready probe's figures


def test_a_failing_ready_probe_stays_a_failure_and_learns_why() -> None:
    ready = Sample("fail", 4.0, at=1.0, http_status=503, reason="HTTP 503")
    found = combine(ready, DB_DOWN)
    assert found.status == "fail" and found.failing_checks == ("db:connections",)
    assert found.reason.startswith("HTTP 503; detailed: HTTP 503")


def test_a_detailed_answer_naming_no_check_leaves_the_ready_verdict() -> None:
    broken = Sample("fail", 1.0, at=1.1, http_status=404, reason="HTTP 404")
    assert combine(READY, broken) is READY and unhelpful(broken) == "HTTP 404"
    assert combine(READY, Sample("pass", 1.0, at=1.1, failing_checks=("cache",))) is READY  # its own verdict: pass
    assert unhelpful(DB_DOWN) is None


def test_detailed_is_probed_while_baking_failing_or_bad() -> None:
    assert wanted(True, READY, False) and wanted(False, DB_DOWN, False) and wanted(False, READY, True)
    assert not wanted(False, READY, False)
