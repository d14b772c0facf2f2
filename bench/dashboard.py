"""Dashboard benchmark: a long history's reads through the API, and live events fanned out to 100 WebSocket clients.

Run from the repository root: `.venv/bin/python bench/dashboard.py` (BENCH_DEPLOYMENTS=500 for a quick look). It
starts its own redis-server (never the machine's), seeds it with 10,000 deployments as the coordinator tells them
(4-20 services each in 1-4 waves, their events on the events stream and 100-400 command log lines each under
`flightdeck:log:<id>`; bench/_dashboard_history.py), then starts the dashboard as `python -m services.dashboard`
(its own process and CPU) and waits for its read model to be rebuilt from the stream (bench/_dashboard_process.py).

Reads: the history's first page, a filtered page (environment + service + status) and text searches (common words,
two words, rare and unique words, a word in no log, a search with filters), 300 each through the real HTTP API
with an API token, p50/p99. Live: 100 WebSocket clients on /api/v1/live in a process of their own, 50 events/s of
new deployments for 20 s, each XADDed with its occurred_at set to that moment; the delay to every client, p99 over
all (client, event), and the dashboard's CPU per event from /proc. Baseline in the same run: a raw XREAD loop in a
process of its own writing each entry to the same 100 clients over plain WebSocket (bench/_dashboard_raw.py); the
two run in alternate rounds of 10 s (raw, dashboard, raw, dashboard), so both meet the same load of the machine.
Targets (issue): search p99 < 100 ms, event-to-client p99 < 100 ms, the dashboard within 3x of the raw fan-out's
p99. Ends with one JSON line.
"""

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis

from bench._dashboard_history import history
from bench._dashboard_live import LivePhase, live_phase
from bench._dashboard_process import dashboard_process, group_at_end, plan_yaml, viewer_token, wait_built
from bench._dashboard_raw import raw_fanout
from bench._dashboard_reads import read_latencies
from bench._dashboard_report import DashboardSummary, show
from bench._dashboard_seed import seed
from bench._figures import say
from bench._monitor_world import child_pid
from bench._own_redis import run_on_own_redis
from shared.redis_process import free_port
from shared.streams import Keys

DEPLOYMENTS = int(os.environ.get("BENCH_DEPLOYMENTS", "10000"))
CLIENTS, RATE, SECONDS, ROUNDS = 100, 50.0, 20.0, 2  # SECONDS of each kind in all, over ROUNDS rounds
RAW_STREAM = "bench:raw:events"


async def live_rounds(
    redis: Redis, redis_url: str, live_url: str, token: str, pids: dict[str, int], dashboard_pid: int
) -> tuple[LivePhase, LivePhase]:
    """The raw fan-out and the dashboard's WebSocket in alternate rounds (raw first), so both meet the same load
    from whatever else runs on the machine; each kind's rounds merged."""
    raw_port, dashboard_rounds, raw_rounds = free_port(), [], []
    seconds = SECONDS / ROUNDS
    with raw_fanout(redis_url, RAW_STREAM, raw_port) as raw_process:
        for n in range(ROUNDS):
            say(f"  round {n + 1}/{ROUNDS}: {CLIENTS} clients, {RATE:g} events/s for {seconds:g} s, raw then dashboard")
            raw = LivePhase("raw XREAD fan-out", CLIENTS, RATE, seconds)
            raw_url = f"ws://127.0.0.1:{raw_port}/"
            raw_rounds.append(await live_phase(raw, redis, RAW_STREAM, raw_url, {**pids, "server": raw_process.pid}))
            say(raw.line())
            ours = LivePhase("dashboard /api/v1/live", CLIENTS, RATE, seconds)
            server = {**pids, "server": dashboard_pid}
            first = n * 1000  # new deployments each round
            dashboard_rounds.append(
                await live_phase(ours, redis, Keys().events, live_url, server, f"Bearer {token}", first)
            )
            say(ours.line())
    return LivePhase.merged(dashboard_rounds), LivePhase.merged(raw_rounds)


async def bench(redis_url: str, folder: Path) -> DashboardSummary:
    redis = Redis.from_url(redis_url)
    say(f"\nseeding {DEPLOYMENTS:,} deployments (events and command logs, pipelined)")
    seeded = await seed(redis, history(DEPLOYMENTS, datetime.now(UTC)), DEPLOYMENTS)
    say(
        f"  seeded {seeded.deployments:,} deployments: {seeded.events:,} events, {seeded.lines:,} log lines in "
        f"{seeded.seconds:.1f} s; redis uses {(await redis.info('memory'))['used_memory_human']}"
    )
    token = await viewer_token(redis)
    await group_at_end(redis)
    plan, port = folder / "flightdeck.yaml", free_port()
    plan.write_text(plan_yaml())
    url = f"http://127.0.0.1:{port}"
    pids = {"redis": child_pid("redis-server") or 0}
    with dashboard_process(redis_url, port, plan) as dashboard:
        say(f"\nthe dashboard (pid {dashboard.pid}) rebuilds its read model from {seeded.events:,} events")
        rebuild_s = await wait_built(url, redis, dashboard, seeded.events)
        say(f"  ready after {rebuild_s:.1f} s ({seeded.events / rebuild_s:,.0f} events/s, process start included)")
        say(f"\nreads through the API (one at a time, one keep-alive connection; load {os.getloadavg()[0]:.1f})")
        reads = await read_latencies(url, token)
        say(f"\nlive: {CLIENTS} WebSocket clients; the raw fan-out and the dashboard in alternate rounds")
        live, raw = await live_rounds(
            redis, redis_url, f"ws://127.0.0.1:{port}/api/v1/live", token, pids, dashboard.pid
        )
    await redis.aclose()
    return DashboardSummary(seeded, rebuild_s, reads, live, raw)


def main() -> None:
    run_on_own_redis("dashboard benchmark", bench, show)


if __name__ == "__main__":
    main()
