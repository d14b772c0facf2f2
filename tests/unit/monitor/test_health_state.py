"""Health with hysteresis: thresholds, flapping, one event per real transition."""

from services.monitor.domain.health import Health, Tracker, observe
from services.monitor.domain.samples import Sample


def run(statuses: str, passes: int = 2, failures: int = 3) -> tuple[Tracker, list[tuple[str, str]]]:
    """p = pass, w = warn, f = fail; returns the tracker and the reported transitions."""
    tracker, reported = Tracker(), []
    words = {"p": "pass", "w": "warn", "f": "fail"}
    for i, letter in enumerate(statuses):
        sample = Sample(words[letter], 10.0 + i, at=float(i), reason="HTTP 503" if letter == "f" else "")  # type: ignore[arg-type]
        change = observe(tracker, sample, passes, failures)
        if change:
            reported.append((change.previous.value, change.current.value))
    return tracker, reported


def test_a_service_becomes_healthy_quietly() -> None:
    tracker, reported = run("pp")
    assert tracker.state is Health.HEALTHY and reported == []


def test_flapping_below_the_threshold_reports_nothing() -> None:
    tracker, reported = run("pp" + "fpfpffpffp" * 3)
    assert reported == [] and tracker.state is Health.HEALTHY


def test_a_hard_failure_reports_once_then_recovers_once() -> None:
    tracker, reported = run("pp" + "f" * 10 + "p" + "f" + "pp" + "p" * 5)
    assert reported == [("healthy", "unhealthy"), ("unhealthy", "healthy")]
    assert tracker.state is Health.HEALTHY


def test_warn_answers_degrade_and_failures_make_it_worse() -> None:
    _, reported = run("pp" + "www" + "fff" + "www" + "pp")
    assert reported == [("healthy", "degraded"), ("degraded", "unhealthy"), ("unhealthy", "healthy")]


def test_evidence_error_rate_and_latency() -> None:
    tracker, _ = run("ppffpp")
    assert tracker.error_rate() == 2 / 6
    assert tracker.latency(50) is not None and tracker.recent[-1][0] == "pass"


def test_failing_checks_are_kept_and_old_trackers_still_load() -> None:
    tracker = Tracker()
    observe(tracker, Sample("warn", 3.0, at=1.0, reason="detailed: db failing", failing_checks=("db",)), 2, 3)
    assert tracker.failing_checks() == ("db",)
    saved = '{"state": "healthy", "recent": [["pass", 3.0, ""]]}'  # written before checks were kept
    assert Tracker.model_validate_json(saved).recent == [("pass", 3.0, "", ())]


def test_a_failing_run_remembers_when_its_first_probe_was_sent() -> None:
    from services.monitor.domain.health import Tracker, observe
    from services.monitor.domain.samples import Sample

    tracker = Tracker()
    observe(tracker, Sample("pass", 10, at=100.0), 1, 2)
    assert tracker.bad_since is None
    observe(tracker, Sample("fail", 200, at=101.0), 1, 2)
    observe(tracker, Sample("fail", 10, at=102.0), 1, 2)
    assert tracker.bad_since == 100.8, "sent 200 ms before it finished"
    observe(tracker, Sample("pass", 10, at=103.0), 1, 2)
    assert tracker.bad_since is None


def test_the_p95_of_a_full_window_is_its_19th_latency_not_its_slowest() -> None:
    """Nearest rank: of 20 probes, the 19th smallest is the smallest latency 95% of them are at or below. (The old
    local percentile rounded 19.5 to 20 and reported the slowest probe.)"""
    tracker, _ = run("p" * 20)
    assert [ms for _, ms, *_ in tracker.recent] == [10.0 + i for i in range(20)]
    assert tracker.latency(95) == 28.0
    assert tracker.latency(50) == 19.0
    assert tracker.latency(100) == 29.0
