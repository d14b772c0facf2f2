"""The monitor benchmark's figures: the summary of a measured window (named figures, targets judged), the lines that
show it and the last JSON line. Prometheus' blackbox exporter, measured in the same run (bench/_monitor_blackbox.py),
is the baseline of its CPU per probe.

Targets (issue 5): 1,000 endpoints at 1 Hz (we count >= 95 % of the offered rate as reaching it) within one core, every
endpoint turned bad detected, detection p99 under failures_to_degraded x interval + 1 s. A monitor that exited during
the window meets nothing, whatever its figures until then.
"""

from dataclasses import dataclass

from bench._figures import Spread, met, ratio, rounded, say, shown
from bench._monitor_blackbox import BlackboxRun
from bench._monitor_detect import Detector
from bench._monitor_window import MonitorWindow

INTERVAL_S, FAILURES = 1.0, 3
BOUND_S = FAILURES * INTERVAL_S + 1.0
RATE_SHARE = 0.95


@dataclass(frozen=True)
class MonitorSummary:
    endpoints: int
    plan_source: str
    window: MonitorWindow
    probes_per_s: float
    offered_per_s: float
    cpu_ms_per_probe: float  # = CPU-s per 1,000 probes
    raw_cpu_ms_per_probe: float | None  # the bare aiohttp loop's, when it ran
    blackbox: BlackboxRun  # Prometheus' blackbox exporter probing the same endpoints through /probe
    detection_s: Spread  # turned bad -> health-degraded read
    to_xadd_s: Spread  # turned bad -> health-degraded added to the stream
    turned_bad: int
    missed: int  # never detected
    recovered: int
    unexpected: dict[str, int]
    give_up_s: float
    rate_met: bool
    cpu_met: bool
    detection_met: bool

    @property
    def alive(self) -> bool:
        return self.window.monitor_exited_s is None

    @property
    def saturated(self) -> bool:
        """Its one event loop near a full core while it probes less often than planned."""
        return self.window.monitor_cores >= 0.9 and not self.rate_met

    def to_json(self) -> dict[str, object]:
        w, ms, bb = self.window, self.cpu_ms_per_probe, self.blackbox
        raw_ratio = ratio(ms, self.raw_cpu_ms_per_probe)
        return {
            "endpoints": self.endpoints,
            "window_s": round(w.wall_s, 2),
            "plan_source": self.plan_source,
            "probes_per_s": round(self.probes_per_s, 1),
            "probes_per_s_min_second": w.min_second,
            "probes_per_s_max_second": w.max_second,
            "monitor_cpu_cores": round(w.monitor_cores, 3),
            "cpu_ms_per_probe": round(ms, 4),
            "cpu_s_per_1000_probes": round(ms, 3),
            "blackbox_cpu_s_per_1000_probes": round(bb.cpu_ms_per_probe, 3),
            "ratio_vs_blackbox": rounded(ratio(ms, bb.cpu_ms_per_probe), 3),
            "cpu_ms_per_probe_ours": round(ms, 4),
            "cpu_ms_per_probe_blackbox": round(bb.cpu_ms_per_probe, 4),
            "blackbox_probes_per_s": round(bb.probes_per_s, 1),
            "blackbox_probes_failed": bb.failed,
            "blackbox_cpu_cores": round(bb.cores, 3),
            "raw_aiohttp_cpu_ms_per_probe": rounded(self.raw_cpu_ms_per_probe, 4),
            "ratio_vs_raw_aiohttp": rounded(raw_ratio, 2),
            "server_cpu_cores": round(w.server_cores, 3),
            "redis_cpu_cores": round(w.redis_cores, 3),
            "detection_p50_s": rounded(self.detection_s.p50, 3),
            "detection_p99_s": rounded(self.detection_s.p99, 3),
            "detection_bound_s": BOUND_S,
            "detected": self.detection_s.count,
            "turned_bad": self.turned_bad,
            "missed": self.missed,
            "recovered": self.recovered,
            "monitor_exited_s": w.monitor_exited_s,
            "cpu_saturated": self.saturated,
            "rate_target_met": self.rate_met,
            "cpu_target_met": self.cpu_met,
            "detection_target_met": self.detection_met,
            "all_targets_met": self.rate_met and self.cpu_met and self.detection_met,
        }


def summarise(
    endpoints: int, plan_source: str, w: MonitorWindow, detector: Detector, raw_ms: float | None, bb: BlackboxRun
) -> MonitorSummary:
    probes_per_s, offered = w.probes / w.wall_s, endpoints / INTERVAL_S
    detection = Spread.of(detector.delays())
    missed = sum(c.given_up for c in detector.cases.values())
    alive = w.monitor_exited_s is None
    return MonitorSummary(
        endpoints=endpoints,
        plan_source=plan_source,
        window=w,
        probes_per_s=probes_per_s,
        offered_per_s=offered,
        cpu_ms_per_probe=w.monitor_cores * w.wall_s / max(1.0, w.probes) * 1000,
        raw_cpu_ms_per_probe=raw_ms or None,
        blackbox=bb,
        detection_s=detection,
        to_xadd_s=Spread.of(detector.entry_delays()),
        turned_bad=len(detector.cases),
        missed=missed,
        recovered=sum(c.recovered_at is not None for c in detector.cases.values()),
        unexpected=dict(detector.unexpected),
        give_up_s=detector.give_up_s,
        rate_met=alive and probes_per_s >= RATE_SHARE * offered,
        cpu_met=alive and w.monitor_cores < 1.0,
        detection_met=alive and detection.p99 is not None and missed == 0 and detection.p99 < BOUND_S,
    )


def show(s: MonitorSummary) -> None:
    w, ms = s.window, s.cpu_ms_per_probe
    exited = "" if w.monitor_exited_s is None else f"  (THE MONITOR EXITED {w.monitor_exited_s:.1f} s into it)"
    say(f"\nresults over {w.wall_s:.1f} s{exited}")
    say(
        f"  probes/s          {s.probes_per_s:8.1f}  (whole seconds: min {w.min_second:.0f}, "
        f"max {w.max_second:.0f}; offered {s.offered_per_s:,.0f}/s; target >= {RATE_SHARE:.0%}: {met(s.rate_met)})"
    )
    say(
        f"  monitor CPU       {w.monitor_cores:8.3f} cores  = {ms:.3f} CPU-ms per probe = {ms:.3f} CPU-s per 1,000 "
        f"probes (target < 1.0 core: {met(s.cpu_met)})"
    )
    if s.saturated:
        say(
            "  !! its one event loop is near a full core and it probes less often than planned: that CPU figure is a "
            "ceiling, not the cost of 1 Hz"
        )
    bb, bb_ms = s.blackbox, s.blackbox.cpu_ms_per_probe
    say(
        f"  vs blackbox       {shown(ratio(ms, bb_ms), '8.3f')} x its {bb_ms:.3f} CPU-ms per probe, measured here "
        f"({bb.probes_per_s:.1f} probes/s, {bb.cores:.3f} cores; {bb.failed:,} of {bb.requests:,} /probe failed)"
    )
    if (raw := s.raw_cpu_ms_per_probe) is not None:
        say(f"  vs bare aiohttp   {ms / raw:8.2f} x its {raw:.3f} CPU-ms per probe")
    say(f"  others            endpoint server {w.server_cores:.3f} cores, redis-server {w.redis_cores:.3f} cores")
    d = s.detection_s
    say(
        f"  detection         {d.line('.3f', 's')}, detected {d.count}/{s.turned_bad} (bound {BOUND_S:g} s, all "
        f"detected: {met(s.detection_met)}); to XADD p99 {shown(s.to_xadd_s.p99, '.3f')} s"
    )
    say(
        f"  sanity            {s.missed} never detected (gave up after {s.give_up_s:g} s), "
        f"{s.recovered}/{s.turned_bad} recovered, unexpected {s.unexpected or 'none'}"
    )
