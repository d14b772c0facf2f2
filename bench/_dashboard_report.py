"""The dashboard benchmark's figures: the history seeded and rebuilt, the reads' latencies, the live phases against
the raw fan-out, each target judged, and the last JSON line. Targets (issue): search p99 < 100 ms, event-to-client
p99 < 100 ms, the dashboard's p99 within 3x of the raw fan-out's."""

from dataclasses import dataclass

from bench._dashboard_live import LivePhase
from bench._dashboard_reads import ReadFigures, worst
from bench._dashboard_seed import Seeded
from bench._figures import passed, ratio, rounded, say, shown

SEARCH_P99_MS, EVENT_P99_MS, FANOUT_RATIO = 100.0, 100.0, 3.0


@dataclass(frozen=True)
class DashboardSummary:
    seeded: Seeded
    rebuild_s: float
    reads: list[ReadFigures]
    dashboard: LivePhase
    raw: LivePhase

    @property
    def search_p99(self) -> float | None:
        return worst(self.reads, "search")

    @property
    def list_p99(self) -> float | None:
        return worst(self.reads, "list")

    @property
    def filtered_p99(self) -> float | None:
        return worst(self.reads, "filtered")

    @property
    def fanout_ratio(self) -> float | None:
        return ratio(self.dashboard.delay.p99, self.raw.delay.p99)

    def verdicts(self) -> dict[str, bool]:
        event_p99 = self.dashboard.delay.p99
        return {
            "search": self.search_p99 is not None and self.search_p99 < SEARCH_P99_MS,
            "event_to_client": event_p99 is not None and event_p99 < EVENT_P99_MS and not self.dashboard.missing,
            "fanout_ratio": self.fanout_ratio is not None and self.fanout_ratio <= FANOUT_RATIO,
        }

    def to_json(self) -> dict[str, object]:
        live, raw = self.dashboard, self.raw
        return {
            "deployments": self.seeded.deployments,
            "events_seeded": self.seeded.events,
            "log_lines_seeded": self.seeded.lines,
            "seed_s": round(self.seeded.seconds, 1),
            "rebuild_s": round(self.rebuild_s, 1),
            "rebuild_events_per_s": round(self.seeded.events / self.rebuild_s, 1) if self.rebuild_s else None,
            "list_p50_ms": rounded(next(r.ms.p50 for r in self.reads if r.label == "list"), 2),
            "list_p99_ms": rounded(self.list_p99, 2),
            "filtered_list_p99_ms": rounded(self.filtered_p99, 2),
            "search_p99_ms": rounded(self.search_p99, 2),
            "reads": {r.label: {"p50_ms": rounded(r.ms.p50, 2), "p99_ms": rounded(r.ms.p99, 2)} for r in self.reads},
            "live_clients": live.clients,
            "live_eps": live.rate,
            "event_to_client_p50_ms": rounded(live.delay.p50, 2),
            "event_to_client_p99_ms": rounded(live.delay.p99, 2),
            "event_to_client_missing": live.missing,
            "raw_fanout_p50_ms": rounded(raw.delay.p50, 2),
            "raw_fanout_p99_ms": rounded(raw.delay.p99, 2),
            "fanout_ratio_vs_raw": rounded(self.fanout_ratio, 2),
            "dashboard_cpu_ms_per_event": rounded(live.server_cpu_ms_per_event, 3),
            "dashboard_cpu_us_per_delivery": rounded(live.server_cpu_us_per_delivery, 2),
            "raw_cpu_ms_per_event": rounded(raw.server_cpu_ms_per_event, 3),
            "targets": {"search_p99_ms": SEARCH_P99_MS, "event_to_client_p99_ms": EVENT_P99_MS, "fanout_ratio": 3},
            "met": all(self.verdicts().values()),
        }


def show(s: DashboardSummary) -> None:
    seeded, verdict = s.seeded, s.verdicts()
    say(
        f"\nhistory: {seeded.deployments:,} deployments, {seeded.events:,} events, {seeded.lines:,} log lines seeded "
        f"in {seeded.seconds:.1f} s; read model rebuilt in {s.rebuild_s:.1f} s "
        f"({seeded.events / max(s.rebuild_s, 1e-9):,.0f} events/s)"
    )
    say(f"  list p99 {shown(s.list_p99)} ms, filtered list p99 {shown(s.filtered_p99)} ms (no target)")
    search = passed(verdict["search"])
    say(f"  search p99 {shown(s.search_p99)} ms (the worst kind; target < {SEARCH_P99_MS:g} ms): {search}")
    live, raw = s.dashboard, s.raw
    say(f"\nlive: {live.clients} WebSocket clients, {live.rate:g} events/s for {live.seconds:g} s")
    say(f"  dashboard  p50 {shown(live.delay.p50)} ms  p99 {shown(live.delay.p99)} ms  missing {live.missing}")
    say(f"  raw XREAD  p50 {shown(raw.delay.p50)} ms  p99 {shown(raw.delay.p99)} ms  missing {raw.missing}")
    say(
        f"  event-to-client p99 target < {EVENT_P99_MS:g} ms with nothing missing: {passed(verdict['event_to_client'])}"
    )
    say(
        f"  dashboard p99 / raw p99 = {shown(s.fanout_ratio)} (target <= {FANOUT_RATIO:g}x): "
        f"{passed(verdict['fanout_ratio'])}"
    )
    say(
        f"  CPU per event delivered to {live.clients} clients: dashboard {shown(live.server_cpu_ms_per_event)} ms "
        f"({shown(live.server_cpu_us_per_delivery, '.1f')} us per client), raw {shown(raw.server_cpu_ms_per_event)} "
        f"ms ({shown(raw.server_cpu_us_per_delivery, '.1f')} us per client)"
    )
    for phase in (live, raw):
        if phase.errors:
            say(f"  !! {phase.label} clients' errors: {'; '.join(phase.errors)}")
