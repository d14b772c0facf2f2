"""The orchestration benchmark's figures: what its runs measured, the summary (named figures, targets judged), the
lines that show it and the last JSON line. Targets (issue 18): overhead at most 10 ms per service (the median run's
time less the critical path's lower bound, layers x (one `true` spawn + one probe), over the services), and at most
1.5x that per service at the larger size (the per-event work must not grow with the plan); (issue 4) whole run
under 10 s."""

import math
import resource
import statistics
from dataclasses import dataclass, field

from bench._figures import met, say

TARGET_OVERHEAD_MS, TARGET_TOTAL_S, TARGET_GROWTH = 10.0, 10.0, 1.5


def rss_mb(who: int) -> float:
    """Peak resident size of this process or of its largest reaped child (getrusage's KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


@dataclass
class Runs:
    totals: list[float] = field(default_factory=list)  # seconds from deploy-requested to deployment-succeeded
    cpus: list[float] = field(default_factory=list)  # CPU time of this process (all threads) during each run
    phases: list[dict[str, float]] = field(default_factory=list)  # where each run's waves spent their time, ms


@dataclass(frozen=True)
class OrchestrationMeasurement:
    layers: int
    width: int
    parallelism: int  # commands at once (the plan's max_parallelism)
    spawn_s: float  # the work itself: the median `true` spawn and health probe
    probe_s: float
    runs: Runs
    peak_rss_mb: float  # this process's (coordinator, gate answerer, watcher)
    children_peak_rss_mb: float  # the largest reaped child's


@dataclass(frozen=True)
class OrchestrationSummary:
    layers: int
    width: int
    totals: tuple[float, ...]
    total_s: float  # the median run
    middle_run: int  # which run (from 0) is the median, for its phases
    phases: dict[str, float]
    lower_bound_s: float
    spawn_s: float
    probe_s: float
    overhead_ms_per_service: float
    cpu_s: float  # the median run's
    peak_rss_mb: float
    children_peak_rss_mb: float
    overhead_met: bool
    total_met: bool

    @property
    def services(self) -> int:
        return self.layers * self.width

    def to_json(self) -> dict[str, object]:
        return {
            "services": self.services,
            "layers": self.layers,
            "width": self.width,
            "runs": len(self.totals),
            "total_s": round(self.total_s, 4),
            "total_s_runs": [round(t, 4) for t in self.totals],
            "lower_bound_s": round(self.lower_bound_s, 4),
            "spawn_ms": round(self.spawn_s * 1000, 3),
            "probe_ms": round(self.probe_s * 1000, 3),
            "overhead_ms_per_service": round(self.overhead_ms_per_service, 3),
            "cpu_s": round(self.cpu_s, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "children_peak_rss_mb": round(self.children_peak_rss_mb, 1),
            "overhead_target_met": self.overhead_met,
            "total_target_met": self.total_met,
        }


def summarise(m: OrchestrationMeasurement) -> OrchestrationSummary:
    totals = m.runs.totals
    total = statistics.median(totals)
    middle = totals.index(total) if total in totals else 0
    lower_bound = m.layers * math.ceil(m.width / m.parallelism) * (m.spawn_s + m.probe_s)
    overhead_ms = (total - lower_bound) / (m.layers * m.width) * 1000
    return OrchestrationSummary(
        layers=m.layers,
        width=m.width,
        totals=tuple(totals),
        total_s=total,
        middle_run=middle,
        phases=m.runs.phases[middle],
        lower_bound_s=lower_bound,
        spawn_s=m.spawn_s,
        probe_s=m.probe_s,
        overhead_ms_per_service=overhead_ms,
        cpu_s=statistics.median(m.runs.cpus),
        peak_rss_mb=m.peak_rss_mb,
        children_peak_rss_mb=m.children_peak_rss_mb,
        overhead_met=overhead_ms <= TARGET_OVERHEAD_MS,
        total_met=total < TARGET_TOTAL_S,
    )


def show(s: OrchestrationSummary, judged: bool = True) -> None:
    """`judged`: this size is the one the absolute targets are for (the first); a larger one is judged by growth."""
    step_ms = (s.spawn_s + s.probe_s) * 1000
    say(
        f"\nthe work itself (median of 20 each): `true` spawn {s.spawn_s * 1000:.2f} ms, health probe "
        f"{s.probe_s * 1000:.2f} ms -> critical path lower bound {s.lower_bound_s / step_ms * 1000:.0f} x "
        f"{step_ms:.2f} ms = {s.lower_bound_s:.3f} s"
    )
    say(
        f"\nwhere a wave's time goes (run {s.middle_run + 1}, mean over its {s.layers} waves, from the events' "
        "occurred_at):"
    )
    for name, ms in s.phases.items():
        say(f"  {name:<40} {ms:8.1f} ms")
    runs = ", ".join(f"{t:.3f}" for t in s.totals)
    say(f"\nmedian of {len(s.totals)}: {s.total_s:.3f} s for {s.services} services (runs: {runs})")
    say(
        f"  orchestration overhead: ({s.total_s:.3f} - {s.lower_bound_s:.3f}) s / {s.services} = "
        f"{s.overhead_ms_per_service:.2f} ms per service"
        + (f" (target <= {TARGET_OVERHEAD_MS:g} ms: {met(s.overhead_met)})" if judged else " (judged by its growth)")
    )
    say(f"  whole run: {s.total_s:.3f} s" + (f" (target < {TARGET_TOTAL_S:g} s: {met(s.total_met)})" if judged else ""))
    say(f"  peak RSS of the benchmark process (coordinator, gate answerer, watcher): {s.peak_rss_mb:.1f} MB")
    say(
        f"  largest reaped child: {s.children_peak_rss_mb:.1f} MB (not the command's own size: a child spawned "
        "by the coordinator counts its pages until it execs, shared under vfork() as they were copied under fork())"
    )


def _ratio(s: OrchestrationSummary, first: OrchestrationSummary) -> float:
    return s.overhead_ms_per_service / first.overhead_ms_per_service if first.overhead_ms_per_service > 0 else 0.0


def growth(summaries: list[OrchestrationSummary]) -> None:
    """How the overhead per service grows with the plan: flat when the per-event work is O(1) in its size."""
    if len(summaries) < 2:
        return
    first = summaries[0]
    say("\noverhead per service by size of the plan:")
    for s in summaries:
        ratio = _ratio(s, first)
        judged = f"; target <= {TARGET_GROWTH:g}x: {met(ratio <= TARGET_GROWTH)}" if s is not first else ""
        per = f"{s.overhead_ms_per_service:6.2f} ms per service"
        say(f"  {s.services:>5} services: {per} ({ratio:.2f}x the first{judged})")


def figures(summaries: list[OrchestrationSummary]) -> dict[str, object]:
    """The last line: the first size's figures as before, each size's overhead and total by its size, and how the
    last size's overhead per service compares with the first's."""
    found = dict(summaries[0].to_json())
    for s in summaries:
        found[f"overhead_ms_per_service_{s.services}"] = round(s.overhead_ms_per_service, 3)
        found[f"total_s_{s.services}"] = round(s.total_s, 4)
        found[f"peak_rss_mb_{s.services}"] = round(s.peak_rss_mb, 1)
    if len(summaries) > 1:
        ratio = round(_ratio(summaries[-1], summaries[0]), 3)
        found["growth"], found["growth_target_met"] = ratio, ratio <= TARGET_GROWTH
    return found
