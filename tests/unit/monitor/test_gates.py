"""Gates pass on N passes in a row of the expected version or fail at the deadline."""

from services.monitor.domain.gates import Gate, expire, observe
from services.monitor.domain.samples import Sample, Status


def gate(**fields: object) -> Gate:
    values: dict[str, object] = {
        "gate_id": "g",
        "deployment_id": "d",
        "environment": "staging",
        "service": "api",
        "url": "http://x",
        "opened_at": 0.0,
        "deadline": 10.0,
        "passes_needed": 3,
    }
    return Gate.model_validate({**values, **fields})


STATUSES: list[Status] = ["pass", "fail", "pass", "pass", "pass"]


def test_passes_in_a_row_open_the_gate() -> None:
    g = gate()
    verdicts = [observe(g, Sample(s, 5, at=float(i))) for i, s in enumerate(STATUSES)]
    assert verdicts[:4] == [None] * 4
    assert verdicts[4] is not None and verdicts[4].outcome == "passed" and verdicts[4].waited_s == 4


def test_the_wrong_version_does_not_count() -> None:
    g = gate(expected_version="2.0", passes_needed=1)
    assert observe(g, Sample("pass", 5, at=1, version="1.9")) is None
    assert "reports version 1.9, expected 2.0" in g.last[-1][-1]
    assert observe(g, Sample("pass", 5, at=2, version="2.0")) is not None


def test_the_deadline_fails_it_with_the_last_failure() -> None:
    g = gate()
    observe(g, Sample("fail", 5, at=1, http_status=503, reason="HTTP 503"))
    verdict = expire(g, 10.5)
    assert verdict is not None and verdict.outcome == "failed"
    assert verdict.reason == "not ready after 10s; last: HTTP 503"
    assert g.evidence()[0] == {"ok": False, "latency_ms": 5, "http_status": 503, "version": None, "reason": "HTTP 503"}
    assert expire(gate(), 9.9) is None


def fails(at: float, version: str | None = None, code: int | None = 500) -> Sample:
    return Sample("fail", 5, at=at, http_status=code, version=version, reason=f"HTTP {code}" if code else "refused")


def test_a_service_known_bad_fails_its_gate_without_waiting_for_the_deadline() -> None:
    """Issue 12: the API answered 500 from its first probe, yet its gate waited its whole timeout."""
    g = gate(failures_needed=3, opened_at=100.0, deadline=120.0)
    assert observe(g, fails(100.1)) is None and observe(g, fails(100.2)) is None
    verdict = observe(g, fails(100.3))
    assert verdict is not None and verdict.outcome == "failed" and verdict.waited_s < 1
    assert verdict.reason == (
        "3 failed probes in a row (the plan's failures_to_degraded), not waiting out the 20s timeout; last: HTTP 500"
    )
    assert [e["http_status"] for e in g.evidence()] == [500, 500, 500]


def test_failures_of_the_previous_version_do_not_count() -> None:
    g = gate(expected_version="2.0", failures_needed=3)
    assert [observe(g, fails(i, version="1.9")) for i in range(1, 6)] == [None] * 5  # the old process, going away
    assert observe(g, fails(6, version="2.0")) is None and observe(g, fails(7, version="2.0")) is None
    verdict = observe(g, fails(8, version="2.0"))
    assert verdict is not None and verdict.reason.startswith("3 failed probes in a row of version 2.0 ")


def test_an_answer_without_a_version_says_nothing_about_a_service_that_reports_one() -> None:
    g = gate(expected_version="2.0", failures_needed=3)
    assert observe(g, fails(1, version="2.0")) is None
    assert observe(g, fails(2, code=None)) is None and observe(g, fails(3, code=500)) is None
    assert observe(g, fails(4, version="2.0")) is None
    assert observe(g, fails(5, version="2.0")) is not None


def test_a_pass_of_the_new_version_breaks_the_row() -> None:
    g = gate(expected_version="2.0", failures_needed=2)
    observe(g, fails(1, version="2.0"))
    observe(g, Sample("pass", 5, at=2, version="2.0"))
    assert observe(g, fails(3, version="2.0")) is None


def test_not_ready_yet_is_waited_out_for_a_service_that_reports_no_version() -> None:
    """503 (starting, or the old one draining) and no answer at all are what a gate exists to wait for."""
    g = gate(failures_needed=2)
    assert [observe(g, fails(i, code=code)) for i, code in enumerate([503, None, 503, None, 503], 1)] == [None] * 5
    assert g.failures == 0


def test_only_failures_after_the_gate_opened_count() -> None:
    g = gate(failures_needed=2, opened_at=10.0, deadline=30.0)
    assert observe(g, fails(9.0)) is None and observe(g, fails(9.5)) is None
    assert observe(g, fails(10.5)) is None and observe(g, fails(11.0)) is not None


def test_a_gate_without_the_threshold_fails_only_at_its_deadline() -> None:
    g = gate()  # recorded by a replica from before the threshold was kept
    assert [observe(g, fails(i)) for i in range(1, 10)] == [None] * 9
