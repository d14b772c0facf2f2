"""Broker benchmark: publish -> consume -> ack through Flightdeck's bus layer against plain redis-py.

Run from the repository root: `.venv/bin/python bench/broker.py`. It starts its own redis-server on a free port,
measures throughput (20,000 small events, median of alternating runs) and publish-to-handle latency at a steady
1,000 events/s, prints what it found, and ends with one JSON line. Targets (issue 2): at least 50% of raw
redis-py throughput, p99 under 20 ms at 1,000 events/s. Nothing here asserts: it reports.
"""

import asyncio
import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
from redis.asyncio import Redis

from bench._common import quiet_logs
from bench._figures import rounded, shown
from bench._ours import ours_latency, ours_throughput
from bench._raw import raw_latency, raw_throughput
from shared.redis_process import redis_server
from shared.stats import percentile

EVENTS = 20_000
RUNS = 3
WARMUP = 2_000
RATE = 1_000.0
LATENCY_EVENTS = 10_000


async def _fresh(url: str) -> None:
    """FLUSHALL between runs, so each starts on an empty server."""
    admin = Redis.from_url(url)
    try:
        await admin.flushall()
    finally:
        await admin.aclose()


async def throughput(url: str) -> tuple[list[float], list[float]]:
    print(f"warm-up: {WARMUP:,} events each way (not counted)", flush=True)
    await _fresh(url)
    await raw_throughput(url, WARMUP, "warmup")
    await ours_throughput(url, WARMUP, "warmup")
    raw_runs, our_runs = [], []
    for run in range(1, RUNS + 1):
        await _fresh(url)
        raw_runs.append(await raw_throughput(url, EVENTS, f"run{run}"))
        print(f"  run {run}/{RUNS}  raw redis-py : {raw_runs[-1]:9,.0f} events/s", flush=True)
        await _fresh(url)
        our_runs.append(await ours_throughput(url, EVENTS, f"run{run}"))
        print(
            f"  run {run}/{RUNS}  ours         : {our_runs[-1]:9,.0f} events/s"
            f"  ({our_runs[-1] / raw_runs[-1]:.0%} of raw)",
            flush=True,
        )
    return raw_runs, our_runs


def _latency_line(label: str, values: list[float], kept: float) -> str:
    return (
        f"  {label}: p50 {shown(percentile(values, 50), '6.2f')} ms  p99 {shown(percentile(values, 99), '6.2f')} ms"
        f"  max {max(values):7.2f} ms  ({len(values):,} events, published at {kept:,.0f}/s)"
    )


async def bench(url: str) -> dict[str, object]:
    with redis.Redis.from_url(url) as client:
        server = client.info("server")
    print(
        f"broker benchmark: redis-server {server['redis_version']} at {url}, Python {platform.python_version()}, "
        f"{EVENTS:,} events per throughput run, batch 100",
        flush=True,
    )
    print(f"\nthroughput (publish -> consume -> ack, median of {RUNS} alternating runs)", flush=True)
    raw_runs, our_runs = await throughput(url)
    raw_eps, our_eps = statistics.median(raw_runs), statistics.median(our_runs)
    ratio = our_eps / raw_eps
    print(f"  median raw redis-py : {raw_eps:9,.0f} events/s", flush=True)
    print(f"  median ours         : {our_eps:9,.0f} events/s", flush=True)
    print(f"  ours / raw          : {ratio:.2f}  (target >= 0.50: {'met' if ratio >= 0.5 else 'MISSED'})", flush=True)

    print(f"\nlatency (publish -> handle, {LATENCY_EVENTS:,} events paced at {RATE:,.0f}/s)", flush=True)
    await _fresh(url)
    ours_ms, ours_kept = await ours_latency(url, LATENCY_EVENTS, RATE)
    print(_latency_line("ours        ", ours_ms, ours_kept), flush=True)
    await _fresh(url)
    raw_ms, raw_kept = await raw_latency(url, LATENCY_EVENTS, RATE)
    print(_latency_line("raw redis-py", raw_ms, raw_kept), flush=True)
    p99 = percentile(ours_ms, 99)
    latency_ok = p99 is not None and p99 < 20
    print(f"  ours p99 {shown(p99)} ms (target < 20 ms: {'met' if latency_ok else 'MISSED'})", flush=True)
    return {
        "events": EVENTS,
        "runs": RUNS,
        "events_per_s": round(our_eps, 1),
        "raw_events_per_s": round(raw_eps, 1),
        "throughput_ratio_vs_raw": round(ratio, 3),
        "events_per_s_runs": [round(v, 1) for v in our_runs],
        "raw_events_per_s_runs": [round(v, 1) for v in raw_runs],
        "latency_events": LATENCY_EVENTS,
        "p50_latency_ms_at_1000eps": rounded(percentile(ours_ms, 50), 3),
        "p99_latency_ms_at_1000eps": rounded(p99, 3),
        "raw_p50_latency_ms_at_1000eps": rounded(percentile(raw_ms, 50), 3),
        "raw_p99_latency_ms_at_1000eps": rounded(percentile(raw_ms, 99), 3),
        "throughput_target_met": ratio >= 0.5,
        "latency_target_met": latency_ok,
    }


def main() -> None:
    quiet_logs()
    started = time.perf_counter()
    with redis_server() as url:
        result = asyncio.run(bench(url))
    print(f"\ntotal {time.perf_counter() - started:.1f}s", flush=True)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
