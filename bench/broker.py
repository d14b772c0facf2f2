"""Broker benchmark: publish -> consume -> ack through Flightdeck's bus layer against plain redis-py.

Run from the repository root: `.venv/bin/python bench/broker.py`. It starts its own redis-server on a free port,
measures throughput (20,000 small events, median of alternating runs) and publish-to-handle latency at a steady
1,000 events/s, prints what it found, and ends with one JSON line. Targets (issue 2): at least 50% of raw
redis-py throughput, p99 under 20 ms at 1,000 events/s. Nothing here asserts: it reports.
"""

import asyncio
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis
from redis.asyncio import Redis

from bench._broker_report import BrokerMeasurement, show, summarise
from bench._common import quiet_logs
from bench._ours import ours_latency, ours_throughput
from bench._raw import raw_latency, raw_throughput
from shared.redis_process import redis_server

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


async def measure(url: str) -> BrokerMeasurement:
    print(f"\nthroughput runs (publish -> consume -> ack, {RUNS} alternating runs)", flush=True)
    raw_runs, our_runs = await throughput(url)
    print(f"\nlatency runs (publish -> handle, {LATENCY_EVENTS:,} events paced at {RATE:,.0f}/s)", flush=True)
    await _fresh(url)
    ours_ms, ours_kept = await ours_latency(url, LATENCY_EVENTS, RATE)
    await _fresh(url)
    raw_ms, raw_kept = await raw_latency(url, LATENCY_EVENTS, RATE)
    return BrokerMeasurement(EVENTS, our_runs, raw_runs, LATENCY_EVENTS, RATE, ours_ms, ours_kept, raw_ms, raw_kept)


def header(url: str) -> None:
    with redis.Redis.from_url(url) as client:
        server = client.info("server")
    print(
        f"broker benchmark: redis-server {server['redis_version']} at {url}, Python {platform.python_version()}, "
        f"{EVENTS:,} events per throughput run, batch 100",
        flush=True,
    )


def main() -> None:
    quiet_logs()
    started = time.perf_counter()
    with redis_server() as url:
        header(url)
        summary = summarise(asyncio.run(measure(url)))
    show(summary)
    print(f"\ntotal {time.perf_counter() - started:.1f}s", flush=True)
    print(json.dumps(summary.to_json()), flush=True)


if __name__ == "__main__":
    main()
