"""The side-by-side figures of bench/vs_alertmanager.py: each side's phases, the ratios, and the JSON line."""

from dataclasses import dataclass, field

from bench._alerter_load import LoadPhase
from bench._figures import passed, ratio, rounded, say

CPU_TARGET_MS, EPS_TARGET, TWO_REPLICAS_TARGET, P99_TARGET = 1.0, 1000.0, 1.8, 5.0


@dataclass
class Side:
    name: str
    at_200: LoadPhase = field(default_factory=lambda: LoadPhase("-", 0))
    at_1000: LoadPhase = field(default_factory=lambda: LoadPhase("-", 0))
    max_sustained: float = 0.0
    duplicates: int = 0

    def cpu_ms_per_event(self, phase: LoadPhase) -> float | None:
        """The side's CPU over the sending, per notification sent (cores x 1000 / rate)."""
        cores = phase.cpu.get("side")
        return None if cores is None or not phase.rate else cores * 1000 / phase.rate

    def row(self, phase: LoadPhase) -> dict[str, object]:
        spread = phase.latency
        return {
            "p50_ms": rounded(spread.p50, 2),
            "p99_ms": rounded(spread.p99, 2),
            "max_ms": rounded(spread.max, 2),
            "cpu_ms_per_event": rounded(self.cpu_ms_per_event(phase), 3),
            "lost": phase.lost,
        }


def summary(one: Side, two: Side, am: Side) -> dict[str, object]:
    p99_ours, p99_am = one.at_200.latency.p99, am.at_200.latency.p99
    return {
        "p99_ratio_ours_over_am": rounded(ratio(p99_ours, p99_am), 2),
        "p99_ratio_ours_over_am_1000": rounded(ratio(one.at_1000.latency.p99, am.at_1000.latency.p99), 2),
        "cpu_ms_per_event_ours": rounded(one.cpu_ms_per_event(one.at_200), 3),
        "cpu_ms_per_event_am": rounded(am.cpu_ms_per_event(am.at_200), 3),
        "max_sustained_eps_ours": one.max_sustained,
        "max_sustained_eps_two_replicas": two.max_sustained,
        "max_sustained_eps_am": am.max_sustained,
        "lost_ours": one.at_200.lost + one.at_1000.lost,
        "lost_am": am.at_200.lost + am.at_1000.lost,
        "duplicates_ours": one.duplicates + two.duplicates,
        "duplicates_am": am.duplicates,
        "ours_200": one.row(one.at_200),
        "ours_1000": one.row(one.at_1000),
        "am_200": am.row(am.at_200),
        "am_1000": am.row(am.at_1000),
    }


def show(found: dict[str, object]) -> None:
    say("\n                 ours p50/p99/max (ms)     Alertmanager p50/p99/max (ms)   CPU-ms/event ours / AM")
    for rate in ("200", "1000"):
        ours, am = found[f"ours_{rate}"], found[f"am_{rate}"]
        assert isinstance(ours, dict) and isinstance(am, dict)
        say(
            f"  {rate:>5}/s      {ours['p50_ms']} / {ours['p99_ms']} / {ours['max_ms']}"
            f"     {am['p50_ms']} / {am['p99_ms']} / {am['max_ms']}"
            f"     {ours['cpu_ms_per_event']} / {am['cpu_ms_per_event']}   lost {ours['lost']} / {am['lost']}"
        )
    p99, cpu = found["p99_ratio_ours_over_am"], found["cpu_ms_per_event_ours"]
    one, two = found["max_sustained_eps_ours"], found["max_sustained_eps_two_replicas"]
    say(
        f"p99 at 200/s, ours / Alertmanager: {p99}x (target <= {P99_TARGET}x) "
        f"{passed(isinstance(p99, float) and p99 <= P99_TARGET)}"
    )
    say(
        f"CPU per event, ours: {cpu} ms (target <= {CPU_TARGET_MS}) "
        f"{passed(isinstance(cpu, float) and cpu <= CPU_TARGET_MS)}"
    )
    say(
        f"highest sustained: ours {one}/s (target >= {EPS_TARGET:g}) {passed(float(str(one)) >= EPS_TARGET)}, "
        f"two replicas {two}/s ({ratio(float(str(two)), float(str(one))) or 0:.2f}x, target {TWO_REPLICAS_TARGET}x), "
        f"Alertmanager {found['max_sustained_eps_am']}/s"
    )
    say(
        f"lost ours {found['lost_ours']}, Alertmanager {found['lost_am']}; duplicates ours {found['duplicates_ours']}, "
        f"Alertmanager {found['duplicates_am']}"
    )
