"""The verification bench's figures: each round's times, their medians, the verdicts, and the JSON line."""

import statistics
from dataclasses import dataclass

from bench._figures import passed, say

SMOKES = 5
OVERHEAD_TARGET_MS = 0.5
LOAD_TARGET = 1.5


@dataclass(frozen=True)
class Round:
    raw_s: float
    raw_cpu_s: float
    raw_rps: float
    ours_s: float
    ours_cpu_s: float
    ours_rps: float
    failed: int

    def line(self) -> str:
        raw = f"raw {self.raw_s:.2f}s ({self.raw_cpu_s:.2f} CPU-s)"
        ours = f"verifier {self.ours_s:.2f}s ({self.ours_cpu_s:.2f} CPU-s)"
        return f"{raw}, {ours}, {self.failed} failed checks"


@dataclass(frozen=True)
class Summary:
    services: int
    requests: int  # made per run, smoke and load
    rounds: list[Round]

    def median(self, name: str) -> float:
        return float(statistics.median(float(getattr(r, name)) for r in self.rounds))

    @property
    def overhead_ms(self) -> float:
        return (self.median("ours_cpu_s") - self.median("raw_cpu_s")) / self.requests * 1000

    @property
    def load_ratio(self) -> float:
        return self.median("raw_rps") / self.median("ours_rps")

    def to_json(self) -> dict[str, object]:
        return {
            "services": self.services,
            "requests_per_run": self.requests,
            "total_s": round(self.median("ours_s"), 3),
            "raw_total_s": round(self.median("raw_s"), 3),
            "overhead_ms_per_request": round(self.overhead_ms, 4),
            "load_rps": round(self.median("ours_rps"), 1),
            "raw_load_rps": round(self.median("raw_rps"), 1),
            "load_ratio_vs_raw": round(self.load_ratio, 3),
            "failed_checks": max(r.failed for r in self.rounds),
            "pass": self.overhead_ms < OVERHEAD_TARGET_MS and self.load_ratio <= LOAD_TARGET,
        }


def show(summary: Summary) -> None:
    data = summary.to_json()
    load = (summary.requests // summary.services) - SMOKES
    each = f"{SMOKES} smoke checks + a {load}-request load"
    say(f"\n{summary.services} services x ({each}): {summary.requests} requests a run")
    say(f"wall time:      verifier {data['total_s']:.2f}s   raw loop {data['raw_total_s']:.2f}s")
    say(
        f"overhead:       {data['overhead_ms_per_request']:.3f} CPU-ms per request (target < {OVERHEAD_TARGET_MS}) "
        f"{passed(summary.overhead_ms < OVERHEAD_TARGET_MS)}"
    )
    say(
        f"load:           verifier {data['load_rps']:.0f} req/s   raw {data['raw_load_rps']:.0f} req/s   "
        f"raw/ours {data['load_ratio_vs_raw']:.2f}x (target <= {LOAD_TARGET}x) "
        f"{passed(summary.load_ratio <= LOAD_TARGET)}"
    )
    if data["failed_checks"]:
        say(f"MISS: {data['failed_checks']} checks failed against a healthy fleet")
