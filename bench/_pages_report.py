"""The pages bench's figures: each Lighthouse audit, the server times next to their API baselines, each target judged,
and the last JSON line. Targets (issue 16): every Lighthouse score at least 95, first load under 150 KB, History and
Analytics p99 under 150 ms."""

from dataclasses import dataclass

from bench._figures import passed, ratio, rounded, say, shown
from bench._pages_lighthouse import Audits
from bench._pages_timing import Timed

SCORE_MIN, FIRST_LOAD_KB, PAGE_P99_MS = 95, 150.0, 150.0


@dataclass(frozen=True)
class PagesSummary:
    deployments: int
    audits: Audits
    times: list[Timed]
    after_change: Timed

    def worst(self, prefix: str) -> float | None:
        p99s = [t.ms.p99 for t in self.times if t.label.startswith(prefix) and t.ms.p99 is not None]
        return max(p99s, default=None)

    def p50(self, label: str) -> float | None:
        return next((t.ms.p50 for t in self.times if t.label == label), None)

    @property
    def first_load_kb(self) -> float | None:
        heaviest = self.audits.heaviest()
        return None if heaviest is None else heaviest / 1024

    def to_json(self) -> dict[str, object]:
        return {
            "deployments": self.deployments,
            "lighthouse_performance_min": self.audits.lowest("performance"),
            "lighthouse_accessibility_min": self.audits.lowest("accessibility"),
            "lighthouse_best_practices_min": self.audits.lowest("best-practices"),
            "first_load_kb": rounded(self.first_load_kb, 1),
            "history_p50_ms": rounded(self.p50("history page"), 2),
            "history_p99_ms": rounded(self.worst("history"), 2),
            "analytics_p50_ms": rounded(self.p50("analytics page"), 2),
            "analytics_p99_ms": rounded(self.worst("analytics"), 2),
            "analytics_after_change_p99_ms": rounded(self.after_change.ms.p99, 2),
            "history_ratio_vs_api": rounded(ratio(self.p50("history page"), self.p50("api deployments")), 2),
            "analytics_ratio_vs_api": rounded(ratio(self.p50("analytics page"), self.p50("api analytics")), 2),
        }


def show(summary: PagesSummary) -> None:
    say(f"\nLighthouse ({len(summary.audits.found)} audits: Now, History, Analytics; mobile and desktop)")
    for found in summary.audits.found:
        say(found.line())
        for cost in found.costs:
            say(f"      costs: {cost}")
    say("\nserver time, signed in, one request at a time (the API's JSON of the same data as the baseline)")
    for timed in (*summary.times, summary.after_change):
        say(f"  {timed.label:<26} {timed.ms.line()}  ({timed.kb:.1f} KB)")
    figures = summary.to_json()
    say("\ntargets")
    for name in ("performance", "accessibility", "best_practices"):
        score = figures[f"lighthouse_{name}_min"]
        ok = isinstance(score, int) and score >= SCORE_MIN
        say(f"  lighthouse {name:<15} min {score} (>= {SCORE_MIN}): {passed(ok)}")
    kb = summary.first_load_kb
    say(
        f"  first load            {shown(kb, '.1f')} KB (< {FIRST_LOAD_KB:g}): "
        f"{passed(kb is not None and kb < FIRST_LOAD_KB)}"
    )
    for label in ("history", "analytics"):
        p99 = summary.worst(label)
        ok = p99 is not None and p99 < PAGE_P99_MS
        say(f"  {label:<9} page p99      {shown(p99, '.2f')} ms (< {PAGE_P99_MS:g}): {passed(ok)}")
    after = summary.after_change.ms.p99
    say(
        f"  analytics right after a deployment ended: p99 {shown(after, '.2f')} ms (< {PAGE_P99_MS:g}): "
        f"{passed(after is not None and after < PAGE_P99_MS)}"
    )
    say(
        f"  page over its API read (p50): history {figures['history_ratio_vs_api']}x, "
        f"analytics {figures['analytics_ratio_vs_api']}x"
    )
