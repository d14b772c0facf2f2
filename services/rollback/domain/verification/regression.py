"""A performance check's verdict: the new version's load against the baseline of the version it replaced (pure).

Slower means all three: the Mann-Whitney U test says the new latencies are larger (p below the plan's significance),
and p50 or p95 grew by more than the plan's threshold and by more than its minimum slowdown (5 ms unless the plan
says otherwise). Significance alone would fail a version 1% slower over many requests; the threshold alone would
fail on one noisy run; the minimum keeps a 1 ms endpoint from failing for a 0.3 ms scheduling hiccup. Too many
errors fail on their own. The first deployment of a service in an environment has no baseline: it records one and
passes."""

from dataclasses import dataclass, field

from services.rollback.domain.mannwhitney import mann_whitney_u
from shared.events.verification import Figure
from shared.plan.verification import Performance
from shared.stats import percentile

MAX_SAMPLES = 2000  # latencies kept in a baseline: enough for the test, small in Redis


@dataclass(frozen=True)
class Load:
    """What a load measured: the latency of each answered request (ms), errors among all requests, wall time."""

    latencies_ms: list[float]
    errors: int
    total: int
    seconds: float
    version: str = ""

    @property
    def error_rate(self) -> float:
        return self.errors / self.total if self.total else 0.0

    def figure(self, name: str) -> float:
        if name == "error_rate":
            return round(self.error_rate, 4)
        if name == "requests_per_s":
            return round(self.total / self.seconds, 1) if self.seconds > 0 else 0.0
        return round(percentile(self.latencies_ms, float(name[1:3])) or 0.0, 2)

    def kept(self) -> "Load":
        step = max(1, len(self.latencies_ms) // MAX_SAMPLES)
        return Load(self.latencies_ms[::step][:MAX_SAMPLES], self.errors, self.total, self.seconds, self.version)


@dataclass(frozen=True)
class Regression:
    passed: bool
    detail: str
    figures: list[Figure] = field(default_factory=list)


FIGURES = ("p50_ms", "p95_ms", "p99_ms", "error_rate", "requests_per_s")


def judge(current: Load, previous: Load | None, plan: Performance) -> Regression:
    figures = [
        Figure(name=n, current=current.figure(n), previous=previous.figure(n) if previous else None) for n in FIGURES
    ]
    if current.total == 0 or not current.latencies_ms:
        return Regression(False, f"no request of the load was answered ({current.errors} errors)", figures)
    if current.error_rate > plan.max_error_rate:
        rate, limit = f"{current.error_rate:.1%}", f"{plan.max_error_rate:.1%}"
        return Regression(False, f"{rate} of {current.total} requests failed (at most {limit} may)", figures)
    if previous is None or not previous.latencies_ms:
        return Regression(
            True, f"no baseline yet: recorded {current.version or 'this version'} as the baseline", figures
        )
    return _compare(current, previous, plan, figures)


def _compare(current: Load, previous: Load, plan: Performance, figures: list[Figure]) -> Regression:
    test = mann_whitney_u(current.latencies_ms, previous.latencies_ms, alternative="greater")
    floor_ms = plan.min_slowdown * 1000
    growth = {
        name: _growth(current.figure(name), previous.figure(name))
        for name in ("p50_ms", "p95_ms")
        if current.figure(name) - previous.figure(name) > floor_ms
    } or {"p50_ms": _growth(current.figure("p50_ms"), previous.figure("p50_ms"))}
    worst = max(growth, key=lambda name: growth[name])
    against = f"{previous.version or 'the previous version'}"
    said = f"{worst[:3]} {previous.figure(worst):.1f} → {current.figure(worst):.1f} ms ({growth[worst]:+.0%})"
    beyond_floor = current.figure(worst) - previous.figure(worst) > floor_ms
    if test.p_value < plan.significance and growth[worst] > plan.regression_threshold and beyond_floor:
        limit = f"{plan.regression_threshold:.0%}"
        return Regression(False, f"slower than {against}: {said}, more than {limit}; p={test.p_value:.2g}", figures)
    return Regression(True, f"as fast as {against}: {said}; p={test.p_value:.2g}", figures)


def _growth(current: float, previous: float) -> float:
    return (current - previous) / previous if previous > 0 else (0.0 if current <= 0 else 1.0)
