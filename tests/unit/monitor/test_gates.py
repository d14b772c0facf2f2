"""Gates pass on N passes in a row of the expected version or fail at the deadline."""

from services.monitor.domain.gates import Gate, expire, observe
from services.monitor.domain.samples import Sample


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
    return Gate(**{**values, **fields})


def test_passes_in_a_row_open_the_gate() -> None:
    g = gate()
    verdicts = [observe(g, Sample(s, 5, at=float(i))) for i, s in enumerate(["pass", "fail", "pass", "pass", "pass"])]
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
