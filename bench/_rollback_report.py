"""The rollback benchmark's figures: one decision run's and one 20-service rollback's timings, the summary of all runs
(named figures, targets judged), the lines that show it and the last JSON line. Targets: decision p99 < 500 ms,
20-service rollback < 5 s (median, wall time with the commands in it)."""

import statistics
from dataclasses import dataclass

from bench._figures import Spread, met, ratio, rounded, say, shown

TARGET_DECISION_P99_MS, TARGET_ROLLBACK_S = 500.0, 5.0


@dataclass(frozen=True)
class DecisionTimes:
    """One decision run, ms from publishing health-degraded."""

    started_ms: float  # -> rollback-started read (the decision)
    requested_ms: float  # -> rollback-requested read (the rollback service's part)
    requested_to_started_ms: float  # the coordinator's part


@dataclass(frozen=True)
class WaveTimes:
    """One reverse wave of a 20-service rollback, seconds after rollback-started (the events' occurred_at), and its
    commands' own duration_s: the slowest and the sum."""

    services: int
    command_max: float
    command_sum: float
    start: float
    commands_done: float
    gates_done: float


@dataclass(frozen=True)
class WideRollbackTimes:
    """One 20-service rollback, seconds: detection -> rollback-completed read, and its parts."""

    total: float
    started_to_completed: float
    waves: list[WaveTimes]
    decision: float
    commands: float  # the slowest command of each wave, summed
    completed_at: float  # rollback-completed's occurred_at after rollback-started's

    @property
    def orchestration(self) -> float:
        return self.total - self.commands


@dataclass(frozen=True)
class RollbackMeasurement:
    decisions: list[DecisionTimes]
    wides: list[WideRollbackTimes]
    floor_ms: list[float]  # the raw two-hop floor's round trips
    cpu_cores: dict[str, float]  # of each process, during the decision runs
    per_run_s: float  # wall time of one decision run


@dataclass(frozen=True)
class RollbackSummary:
    decision_ms: Spread
    requested_ms: Spread
    coordinator_ms: Spread
    per_run_s: float  # wall time of one decision run (deploy, degrade, roll back)
    floor_ms: Spread  # the raw two-hop floor
    cpu_cores: dict[str, float]  # during the decision runs
    wide_totals: tuple[float, ...]
    wide_median_s: float
    wide_orchestration_s: float
    wide_started_to_completed_s: float
    middle: WideRollbackTimes  # the median wide run, shown wave by wave
    decision_met: bool
    rollback_met: bool

    def to_json(self) -> dict[str, object]:
        d, floor = self.decision_ms, self.floor_ms
        return {
            "decision_p50_ms": rounded(d.p50, 3),
            "decision_p99_ms": rounded(d.p99, 3),
            "decision_max_ms": rounded(d.max, 3),
            "runs": d.count,
            "decision_requested_p50_ms": rounded(self.requested_ms.p50, 3),
            "rollback_20_services_s": round(self.wide_median_s, 4),
            "rollback_20_services_max_s": round(max(self.wide_totals), 4),
            "rollback_20_orchestration_s": round(self.wide_orchestration_s, 4),
            "rollback_20_runs": len(self.wide_totals),
            "rollback_20_started_to_completed_s": round(self.wide_started_to_completed_s, 4),
            "rollback_20_waves": len(self.middle.waves),
            "baseline_two_hop_p50_ms": rounded(floor.p50, 3),
            "baseline_two_hop_p99_ms": rounded(floor.p99, 3),
            "ratio_p50_vs_baseline": rounded(ratio(d.p50, floor.p50), 2),
            "ratio_p99_vs_baseline": rounded(ratio(d.p99, floor.p99), 2),
            "cpu_cores_during_decisions": {k: round(v, 3) for k, v in self.cpu_cores.items()},
            "health_gates": "passed by the benchmark on read (no monitor, no probes)",
            "met": self.decision_met and self.rollback_met,
            "targets": {"decision_p99_ms": TARGET_DECISION_P99_MS, "rollback_20_services_s": TARGET_ROLLBACK_S},
        }


def summarise(m: RollbackMeasurement) -> RollbackSummary:
    decisions, wides = m.decisions, m.wides
    decision = Spread.of([d.started_ms for d in decisions])
    totals = [w.total for w in wides]
    median = statistics.median(totals)
    return RollbackSummary(
        decision_ms=decision,
        requested_ms=Spread.of([d.requested_ms for d in decisions]),
        coordinator_ms=Spread.of([d.requested_to_started_ms for d in decisions]),
        per_run_s=m.per_run_s,
        floor_ms=Spread.of(m.floor_ms),
        cpu_cores=m.cpu_cores,
        wide_totals=tuple(totals),
        wide_median_s=median,
        wide_orchestration_s=statistics.median(w.orchestration for w in wides),
        wide_started_to_completed_s=statistics.median(w.started_to_completed for w in wides),
        middle=sorted(wides, key=lambda w: w.total)[len(wides) // 2],
        decision_met=decision.p99 is not None and decision.p99 < TARGET_DECISION_P99_MS,
        rollback_met=median < TARGET_ROLLBACK_S,
    )


def show(s: RollbackSummary) -> None:
    d, floor = s.decision_ms, s.floor_ms
    say(f"\nresults: decision over {d.count} runs ({s.per_run_s * 1e3:.0f} ms per run: deploy, degrade, roll back)")
    say(f"  health-degraded -> rollback-started       {d.line()}")
    say(f"    -> rollback-requested (rollback service) {s.requested_ms.line()}")
    say(f"    -> rollback-started (coordinator)        {s.coordinator_ms.line()}")
    say(
        f"  raw two-hop floor                         {floor.line()} -> decision "
        f"{shown(ratio(d.p50, floor.p50), '.1f')}x, {shown(ratio(d.p99, floor.p99), '.1f')}x"
    )
    say("  CPU during the decision runs: " + ", ".join(f"{k} {v:.2f} cores" for k, v in s.cpu_cores.items()))
    say(
        f"\n20 services, 4 reverse waves: detection -> rollback-completed median {s.wide_median_s:.3f} s, max "
        f"{max(s.wide_totals):.3f} s; orchestration (minus the slowest command of each wave) median "
        f"{s.wide_orchestration_s:.3f} s; rollback-started -> completed median {s.wide_started_to_completed_s:.3f} s"
    )
    say(f"  a middle run, ms after rollback-started (occurred_at); completed at {s.middle.completed_at * 1e3:.1f}:")
    for i, w in enumerate(s.middle.waves):
        say(
            f"    wave {i + 1} ({w.services} services): commands from {w.start * 1000:6.1f}, all done "
            f"{w.commands_done * 1000:6.1f}, gates passed {w.gates_done * 1000:6.1f}; the commands' own "
            f"duration_s: slowest {w.command_max * 1000:5.1f}, sum {w.command_sum * 1000:6.1f}"
        )
    say(
        f"\n  targets: decision p99 < {TARGET_DECISION_P99_MS:g} ms {met(s.decision_met)} ({shown(d.p99, '.1f')}); "
        f"20-service rollback < {TARGET_ROLLBACK_S:g} s {met(s.rollback_met)} (median {s.wide_median_s:.3f} s, "
        f"max {max(s.wide_totals):.3f} s, wall time with the commands in it)"
    )
