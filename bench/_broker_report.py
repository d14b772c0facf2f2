"""The broker benchmark's figures: what a run measured, its summary (named figures, targets judged), the lines that
show it and the last JSON line. Targets (issue 2): at least 50% of raw redis-py throughput, p99 under 20 ms at the
paced rate."""

import statistics
from dataclasses import dataclass

from bench._figures import Spread, met, rounded, say, shown

TARGET_RATIO, TARGET_P99_MS = 0.5, 20.0


@dataclass(frozen=True)
class BrokerMeasurement:
    """Raw figures: events/s of each throughput run, both ways; the latencies (ms) at the paced rate, and the
    publish rate each side kept."""

    events: int
    our_runs: list[float]
    raw_runs: list[float]
    latency_events: int
    rate: float
    ours_ms: list[float]
    ours_kept: float
    raw_ms: list[float]
    raw_kept: float


@dataclass(frozen=True)
class BrokerSummary:
    events: int
    our_runs: tuple[float, ...]
    raw_runs: tuple[float, ...]
    latency_events: int
    our_eps: float  # the medians
    raw_eps: float
    throughput_ratio: float
    rate: float
    ours: Spread
    ours_kept: float
    raw: Spread
    raw_kept: float
    throughput_met: bool
    latency_met: bool

    def to_json(self) -> dict[str, object]:
        return {
            "events": self.events,
            "runs": len(self.our_runs),
            "events_per_s": round(self.our_eps, 1),
            "raw_events_per_s": round(self.raw_eps, 1),
            "throughput_ratio_vs_raw": round(self.throughput_ratio, 3),
            "events_per_s_runs": [round(v, 1) for v in self.our_runs],
            "raw_events_per_s_runs": [round(v, 1) for v in self.raw_runs],
            "latency_events": self.latency_events,
            "p50_latency_ms_at_1000eps": rounded(self.ours.p50, 3),
            "p99_latency_ms_at_1000eps": rounded(self.ours.p99, 3),
            "raw_p50_latency_ms_at_1000eps": rounded(self.raw.p50, 3),
            "raw_p99_latency_ms_at_1000eps": rounded(self.raw.p99, 3),
            "throughput_target_met": self.throughput_met,
            "latency_target_met": self.latency_met,
        }


def summarise(m: BrokerMeasurement) -> BrokerSummary:
    our_eps, raw_eps = statistics.median(m.our_runs), statistics.median(m.raw_runs)
    throughput_ratio = our_eps / raw_eps
    ours = Spread.of(m.ours_ms)
    return BrokerSummary(
        events=m.events,
        our_runs=tuple(m.our_runs),
        raw_runs=tuple(m.raw_runs),
        latency_events=m.latency_events,
        our_eps=our_eps,
        raw_eps=raw_eps,
        throughput_ratio=throughput_ratio,
        rate=m.rate,
        ours=ours,
        ours_kept=m.ours_kept,
        raw=Spread.of(m.raw_ms),
        raw_kept=m.raw_kept,
        throughput_met=throughput_ratio >= TARGET_RATIO,
        latency_met=ours.p99 is not None and ours.p99 < TARGET_P99_MS,
    )


def _latency_line(label: str, spread: Spread, kept: float) -> str:
    return (
        f"  {label}: p50 {shown(spread.p50, '6.2f')} ms  p99 {shown(spread.p99, '6.2f')} ms"
        f"  max {shown(spread.max, '7.2f')} ms  ({spread.count:,} events, published at {kept:,.0f}/s)"
    )


def show(s: BrokerSummary) -> None:
    say(f"\nthroughput (publish -> consume -> ack, median of {len(s.our_runs)} alternating runs)")
    say(f"  median raw redis-py : {s.raw_eps:9,.0f} events/s")
    say(f"  median ours         : {s.our_eps:9,.0f} events/s")
    say(f"  ours / raw          : {s.throughput_ratio:.2f}  (target >= {TARGET_RATIO:.2f}: {met(s.throughput_met)})")
    say(f"\nlatency (publish -> handle, {s.latency_events:,} events paced at {s.rate:,.0f}/s)")
    say(_latency_line("ours        ", s.ours, s.ours_kept))
    say(_latency_line("raw redis-py", s.raw, s.raw_kept))
    say(f"  ours p99 {shown(s.ours.p99)} ms (target < {TARGET_P99_MS:g} ms: {met(s.latency_met)})")
