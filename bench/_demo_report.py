"""The demo benchmark's figures: one run's, the summary of all runs (named figures, targets judged), the lines that
show it and the last JSON line. Targets (the issue): scenario under 45 s, services ready under 3 s, Flightdeck's
processes together under 400 MB, judged on PSS (RSS counts the pages they share in every process)."""

import statistics
from dataclasses import dataclass

from bench._demo_memory import Peaks
from bench._figures import passed, say

MILESTONES = {
    "services_ready_s": "services ready",
    "first_live_s": "1.0.0 live",
    "detected_s": "bad release detected",
    "rolled_back_s": "rolled back",
    "scenario_s": "scenario done",
}
TARGET_SCENARIO_S, TARGET_READY_S, TARGET_MB = 45.0, 3.0, 400.0


@dataclass(frozen=True)
class DemoRun:
    milestones: dict[str, float]  # seconds since the demo started its work (its summary.json)
    wall_s: float  # the command, process start to exit
    peaks: Peaks
    left: list[str]  # what it left running (stopped)


@dataclass(frozen=True)
class DemoMeasurement:
    bares: list[float]  # five bare Pythons answering one request each, seconds, a few times
    bake_s: float  # the plan's default bake time
    full_bakes: int  # how many the scenario waits out in full
    runs: list[DemoRun]
    load_1m: tuple[float, float]  # at the start and at the end


@dataclass(frozen=True)
class DemoSummary:
    runs: list[DemoRun]
    milestones: dict[str, float]  # the medians
    command_s: float
    total_rss_mb: float  # peak of the sum over a run, max over the runs
    total_pss_mb: float
    fleet_rss_mb: float
    per_kind_mb: dict[str, tuple[float, float]]  # kind -> (RSS, PSS), biggest PSS first
    bares: list[float]
    bare_s: float
    bake_s: float
    full_bakes: int
    load_1m: tuple[float, float]

    @property
    def floor_s(self) -> float:
        return self.full_bakes * self.bake_s

    @property
    def ready_s(self) -> float:
        return self.milestones["services_ready_s"]

    @property
    def scenario_s(self) -> float:
        return self.milestones["scenario_s"]

    @property
    def leftovers(self) -> list[str]:
        return [line for run in self.runs for line in run.left]

    def to_json(self) -> dict[str, object]:
        return {
            "runs": len(self.runs),
            **{k: round(v, 3) for k, v in self.milestones.items()},
            "command_s": round(self.command_s, 3),
            "total_rss_mb": round(self.total_rss_mb, 1),
            "total_pss_mb": round(self.total_pss_mb, 1),
            "fleet_rss_mb": round(self.fleet_rss_mb, 1),
            "per_kind_mb": {k: {"rss": round(r, 1), "pss": round(p, 1)} for k, (r, p) in self.per_kind_mb.items()},
            "scenario_s_runs": [run.milestones["scenario_s"] for run in self.runs],
            "services_ready_s_runs": [run.milestones["services_ready_s"] for run in self.runs],
            "command_s_runs": [round(run.wall_s, 3) for run in self.runs],
            "bare_five_s": round(self.bare_s, 4),
            "services_ready_ratio_vs_bare": round(self.ready_s / self.bare_s, 2),
            "bake_floor_s": self.floor_s,
            "scenario_ratio_vs_bake": round(self.scenario_s / self.floor_s, 3),
            "scenario_target_met": self.scenario_s < TARGET_SCENARIO_S,
            "ready_target_met": self.ready_s < TARGET_READY_S,
            "memory_target_met": self.total_pss_mb < TARGET_MB,
            "left_running": self.leftovers,
            "load_1m": [round(load, 2) for load in self.load_1m],
        }


def _kind_peaks(peaks: list[Peaks]) -> dict[str, tuple[float, float]]:
    """Each kind's (RSS, PSS) peak, max over the runs, biggest PSS first."""
    found = {
        kind: (
            max(p.kinds.get(kind, (0.0, 0.0))[0] for p in peaks),
            max(p.kinds.get(kind, (0.0, 0.0))[1] for p in peaks),
        )
        for kind in {k for p in peaks for k in p.kinds}
    }
    return dict(sorted(found.items(), key=lambda item: -item[1][1]))


def summarise(m: DemoMeasurement) -> DemoSummary:
    peaks = [run.peaks for run in m.runs]
    return DemoSummary(
        runs=m.runs,
        milestones={key: statistics.median(run.milestones[key] for run in m.runs) for key in MILESTONES},
        command_s=statistics.median(run.wall_s for run in m.runs),
        total_rss_mb=max(p.total_rss for p in peaks),
        total_pss_mb=max(p.total_pss for p in peaks),
        fleet_rss_mb=max(p.fleet_rss for p in peaks),
        per_kind_mb=_kind_peaks(peaks),
        bares=m.bares,
        bare_s=statistics.median(m.bares),
        bake_s=m.bake_s,
        full_bakes=m.full_bakes,
        load_1m=m.load_1m,
    )


def show(s: DemoSummary) -> None:
    say(
        f"\nfloors: five bare Pythons in parallel, each answering one HTTP request: {s.bare_s:.3f} s (median of "
        f"{len(s.bares)}: {', '.join(f'{b:.3f}' for b in s.bares)}); scenario bakes {s.full_bakes} x {s.bake_s:g} s = "
        f"{s.floor_s:g} s"
    )
    say(f"\nfrom the demo's start (median of {len(s.runs)})")
    for key, label in MILESTONES.items():
        runs = ", ".join(f"{run.milestones[key]:.1f}" for run in s.runs)
        say(f"  {label:<22}{s.milestones[key]:7.1f} s   (runs: {runs})")
    say(f"  {'whole command':<22}{s.command_s:7.1f} s   (process start to exit)")
    say(
        f"\nagainst the floors: services ready {s.ready_s:.2f} s / {s.bare_s:.3f} s = {s.ready_s / s.bare_s:.1f}x five "
        f"bare Pythons; scenario {s.scenario_s:.1f} s / {s.floor_s:g} s of bake = {s.scenario_s / s.floor_s:.2f}x"
    )
    say(f"\nmemory, peak of the sum over a run, max over {len(s.runs)} runs (MB)")
    say(f"  {'kind':<12}{'RSS':>8}{'PSS':>8}")
    for name, (r, p) in s.per_kind_mb.items():
        say(f"  {name:<12}{r:8.1f}{p:8.1f}")
    say(
        f"  {'Flightdeck':<12}{s.total_rss_mb:8.1f}{s.total_pss_mb:8.1f}   (peak of the total; kinds peak at "
        "different moments)"
    )
    say(f"  {'fleet':<12}{s.fleet_rss_mb:8.1f}{'':>8}   (the user's apps and deploy scripts, not Flightdeck)")
    say("\ntargets")
    scenario, ready, pss = s.scenario_s, s.ready_s, s.total_pss_mb
    say(f"  whole scenario       {scenario:6.1f} s  < {TARGET_SCENARIO_S:g} s   {passed(scenario < TARGET_SCENARIO_S)}")
    say(f"  services ready       {ready:6.2f} s  < {TARGET_READY_S:g} s    {passed(ready < TARGET_READY_S)}")
    say(
        f"  Flightdeck together  {pss:6.1f} MB < {TARGET_MB:g} MB  {passed(pss < TARGET_MB)}  (judged on PSS; "
        f"RSS {s.total_rss_mb:.1f} MB counts shared pages in every process)"
    )
    say(
        f"  (load average {s.load_1m[0]:.2f} at the start, {s.load_1m[1]:.2f} at the end: other work on the machine "
        "slows the start-ups)"
    )
    if s.leftovers:
        say(f"  !! {len(s.leftovers)} process(es) left running after the runs (stopped): a problem of its own")
