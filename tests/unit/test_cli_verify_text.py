"""`flightdeck verify`'s report: a line per check, the reproduce line under a failure, figures beside the baseline."""

from cli.verify_text import report
from shared.events.verification import CheckResult, Figure


def test_a_performance_failure_shows_both_versions_side_by_side() -> None:
    result = CheckResult(
        kind="performance",
        name="load of GET /v1/status",
        service="api",
        passed=False,
        detail="slower than 1.0: p95 10.0 → 30.0 ms (+200%)",
        reproduce="curl -sS -i http://api/v1/status",
        figures=[Figure(name="p50_ms", current=25.5, previous=9.0), Figure(name="error_rate", current=0, previous=0)],
        versions={"current": "1.1", "previous": "1.0"},
    )
    passed = CheckResult(kind="smoke", name="status", service="api", passed=True, detail="HTTP 200 in 3 ms")
    assert report([passed, result], "1 of 2 checks failed").splitlines() == [
        "ok   smoke api status: HTTP 200 in 3 ms",
        "FAIL performance api load of GET /v1/status: slower than 1.0: p95 10.0 → 30.0 ms (+200%)",
        "                              1.1         1.0",
        "     p50_ms                  25.5           9",
        "     error_rate                 0           0",
        "     reproduce: curl -sS -i http://api/v1/status",
        "1 of 2 checks failed",
    ]
