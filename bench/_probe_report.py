"""The probe client benchmark's figures for one adapter: what its measured window saw, the summary (named
figures), its line of text and its part of the last JSON line."""

from collections import Counter
from dataclasses import dataclass

from bench._figures import Spread, rounded, shown
from services.monitor.probing import ProbeResult


@dataclass(frozen=True)
class ProbeMeasurement:
    """One adapter's measured run: every probe launched, when the window started (time.time()) and how long it was
    meant to last, the wall time it took, and the CPU-seconds of this process and of the server over it."""

    prober: str
    offered_per_s: float
    results: list[ProbeResult]
    start: float
    seconds: float
    wall_s: float
    cpu_s: float
    server_cpu_s: float


@dataclass(frozen=True)
class ProbeSummary:
    prober: str
    offered_per_s: float
    probes: int
    probes_per_s: float  # finished within the window (the drain of the last launches is not counted)
    passed_per_s: float
    cpu_s_per_1000: float
    cpu_cores: float
    server_cpu_cores: float
    latency_ms: Spread  # of the probes that passed
    failures: dict[str, int]  # the three commonest reasons

    def to_json(self) -> dict[str, object]:
        return {
            "prober": self.prober,
            "offered_per_s": self.offered_per_s,
            "probes": self.probes,
            "probes_per_s": round(self.probes_per_s, 1),
            "passed_per_s": round(self.passed_per_s, 1),
            "cpu_s_per_1000": round(self.cpu_s_per_1000, 3),
            "cpu_cores": round(self.cpu_cores, 3),
            "server_cpu_cores": round(self.server_cpu_cores, 3),
            "latency_p50_ms": rounded(self.latency_ms.p50, 2),
            "latency_p99_ms": rounded(self.latency_ms.p99, 2),
            "failures": self.failures,
        }


def summarise(m: ProbeMeasurement) -> ProbeSummary:
    window = [r for r in m.results if m.start <= r.at < m.start + m.seconds]
    failures = Counter(r.reason for r in m.results if r.status != "pass")
    return ProbeSummary(
        prober=m.prober,
        offered_per_s=m.offered_per_s,
        probes=len(m.results),
        probes_per_s=len(window) / m.seconds,
        passed_per_s=sum(r.status == "pass" for r in window) / m.seconds,
        cpu_s_per_1000=m.cpu_s / len(m.results) * 1000,
        cpu_cores=m.cpu_s / m.wall_s,
        server_cpu_cores=m.server_cpu_s / m.wall_s,
        latency_ms=Spread.of([r.latency_ms for r in m.results if r.status == "pass"]),
        failures=dict(failures.most_common(3)),
    )


def line(s: ProbeSummary) -> str:
    return (
        f"{s.prober:8} {s.probes_per_s:>8.1f} probes/s (passed {s.passed_per_s:.1f}/s)  "
        f"{s.cpu_s_per_1000:.3f} CPU-s/1000 probes  {s.cpu_cores:.3f} cores  "
        f"p50 {shown(s.latency_ms.p50)} ms  p99 {shown(s.latency_ms.p99)} ms  "
        f"server {s.server_cpu_cores:.3f} cores  failures {s.failures or 'none'}"
    )
