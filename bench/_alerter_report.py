"""The alerter benchmark's figures: the summary of its phases (named figures, targets judged), the lines that show it
and the last JSON line. Targets (issue): p99 < 50 ms at 200 events/s with nothing lost, critical alerts delivered
within 1 s (p99). A ramp rate is sustained when nothing is lost, p99 < 1 s and both the send and the delivery rate
reach 95 % of it. Alertmanager's figures are the issue's reference, not measured here."""

from dataclasses import dataclass

from bench._alerter_load import LoadPhase
from bench._figures import Spread, met, ratio, rounded, say, shown

TARGET_P99_MS, CRITICAL_S, SUSTAINED_P99_MS, RATE_SHARE = 50.0, 1.0, 1000.0, 0.95
AM_P50_MS, AM_P99_MS = 1.0, 2.5  # Prometheus Alertmanager 0.25 on this machine, 200 alerts/s (issue)


def sustained(phase: LoadPhase) -> bool:
    p99 = phase.latency.p99
    return (
        phase.lost == 0
        and p99 is not None
        and p99 < SUSTAINED_P99_MS
        and phase.delivered_eps >= RATE_SHARE * phase.rate
        and phase.kept >= RATE_SHARE * phase.rate
    )


@dataclass(frozen=True)
class RampStep:
    rate: float
    kept: float
    delivered_eps: float
    latency_ms: Spread
    lost: int
    alerter_cores: float
    sustained: bool

    def to_json(self) -> dict[str, object]:
        return {
            "eps": self.rate,
            "kept_eps": round(self.kept, 1),
            "delivered_eps": round(self.delivered_eps, 1),
            "p50_ms": rounded(self.latency_ms.p50, 2),
            "p99_ms": rounded(self.latency_ms.p99, 2),
            "lost": self.lost,
            "alerter_cpu_cores": round(self.alerter_cores, 3),
            "sustained": self.sustained,
        }


@dataclass(frozen=True)
class AlerterSummary:
    rate: float
    events: int
    kept: float
    latency_ms: Spread  # publish -> webhook received, at `rate`
    lost: int
    duplicates: int
    alerter_cores: float
    http_ms: Spread  # the floors, at the same rate and receiver
    redis_ms: Spread
    max_sustained_eps: float
    ramp: tuple[RampStep, ...]
    p99_met: bool  # p99 under the target with nothing lost
    critical_met: bool  # critical alerts delivered within CRITICAL_S (p99), nothing lost

    @property
    def critical_s(self) -> float | None:
        return None if self.latency_ms.p99 is None else self.latency_ms.p99 / 1000

    @property
    def cpu_ms_per_event(self) -> float:
        return self.alerter_cores * 1000 / self.rate

    def to_json(self) -> dict[str, object]:
        ms = self.latency_ms
        return {
            "p50_ms_at_200eps": rounded(ms.p50, 3),
            "p99_ms_at_200eps": rounded(ms.p99, 3),
            "max_ms_at_200eps": rounded(ms.max, 3),
            "lost_at_200eps": self.lost,
            "max_sustained_eps": self.max_sustained_eps,
            "critical_delivery_p99_s": rounded(self.critical_s, 4),
            "baseline_http_p50_ms": rounded(self.http_ms.p50, 3),
            "baseline_http_p99_ms": rounded(self.http_ms.p99, 3),
            "baseline_redis_p50_ms": rounded(self.redis_ms.p50, 3),
            "baseline_redis_p99_ms": rounded(self.redis_ms.p99, 3),
            "ratio_p50_vs_http": rounded(ratio(ms.p50, self.http_ms.p50), 2),
            "ratio_p99_vs_http": rounded(ratio(ms.p99, self.http_ms.p99), 2),
            "alertmanager_p50_ms": AM_P50_MS,
            "alertmanager_p99_ms": AM_P99_MS,
            "alerter_cpu_cores_at_200eps": round(self.alerter_cores, 3),
            "duplicates": self.duplicates,
            "alerter_cpu_ms_per_event_at_200eps": round(self.cpu_ms_per_event, 3),
            "ramp": [step.to_json() for step in self.ramp],
            "target_p99_ms": TARGET_P99_MS,
            "met": self.p99_met and self.critical_met,
        }


def _step(phase: LoadPhase) -> RampStep:
    cores = phase.cpu.get("alerter", 0.0)
    return RampStep(phase.rate, phase.kept, phase.delivered_eps, phase.latency, phase.lost, cores, sustained(phase))


def summarise(
    main: LoadPhase, http: LoadPhase, rtt: LoadPhase, best: float, steps: list[LoadPhase], duplicates: int
) -> AlerterSummary:
    latency = main.latency
    p99_under = latency.p99 is not None and latency.p99 < TARGET_P99_MS
    critical_under = latency.p99 is not None and latency.p99 / 1000 < CRITICAL_S
    return AlerterSummary(
        rate=main.rate,
        events=len(main.sent),
        kept=main.kept,
        latency_ms=latency,
        lost=main.lost,
        duplicates=duplicates,
        alerter_cores=main.cpu.get("alerter", 0.0),
        http_ms=http.latency,
        redis_ms=rtt.latency,
        max_sustained_eps=best,
        ramp=tuple(_step(step) for step in steps),
        p99_met=p99_under and not main.lost,
        critical_met=critical_under and not main.lost,
    )


def _against(name: str, floor_p50: float | None, floor_p99: float | None, s: AlerterSummary) -> str:
    p50, p99 = s.latency_ms.p50, s.latency_ms.p99
    return (
        f"  {name:<13} p50 {shown(floor_p50, '7.2f')} ms  p99 {shown(floor_p99, '7.2f')} ms  -> alerter is "
        f"{shown(ratio(p50, floor_p50), '6.1f')}x (p50), {shown(ratio(p99, floor_p99), '6.1f')}x (p99)"
    )


def show(s: AlerterSummary) -> None:
    ms = s.latency_ms
    say(f"\nresults at {s.rate:g} events/s ({s.events:,} events, {s.kept:.1f}/s kept)")
    say(
        f"  alerter       p50 {shown(ms.p50, '7.2f')} ms  p99 {shown(ms.p99, '7.2f')} ms  max {shown(ms.max, '7.2f')} "
        f"ms  lost {s.lost}  duplicates {s.duplicates}  alerter CPU {s.alerter_cores:.2f} cores "
        f"= {s.cpu_ms_per_event:.2f} CPU-ms per event"
    )
    if s.alerter_cores >= 0.9:
        say("  !! the alerter's one event loop is near a full core at this rate: latency here is mostly queueing")
    say(_against("http floor", s.http_ms.p50, s.http_ms.p99, s))
    say(_against("redis floor", s.redis_ms.p50, s.redis_ms.p99, s))
    say(_against("Alertmanager", AM_P50_MS, AM_P99_MS, s) + "  (reference from the issue, not measured here)")
    say(f"  target p99 < {TARGET_P99_MS:g} ms with nothing lost: {met(s.p99_met)}")
    say(f"  critical delivered p99 {shown(s.critical_s, '.3f')} s (target < {CRITICAL_S:g} s): {met(s.critical_met)}")
    steps = ", ".join(f"{step.rate:g}/s {'ok' if step.sustained else 'not sustained'}" for step in s.ramp)
    say(f"  max sustained {s.max_sustained_eps:g} events/s (ramp: {steps})")
