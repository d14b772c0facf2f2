"""Monitor benchmark: 1,000 health endpoints probed every second for 60 s; probes/s, the monitor's CPU, detection delay.

Run from the repository root: `.venv/bin/python bench/monitor.py [--plan-source file|redis] [--profile [SECONDS]]`.
It starts its own redis-server, the endpoints in a process of their own (bench/_monitor_world.py), and the monitor as
`python -m services.monitor` (bench/_monitor_process.py) with a 1,000-service plan (interval 1s, timeout 1s, 3
failures to degrade, 2 passes to recover) given as FLIGHTDECK_PLAN_FILE, or applied to Redis with --plan-source redis
(as in production), so the monitor's CPU is its own, read from /proc. After a warm-up (every endpoint probed twice)
it measures a 60 s window: probes served per second, monitor CPU, and the delay from an endpoint turning bad (20 of
them, at spaced random times) to its health-degraded event on the stream (bench/_monitor_detect.py). Before that, a
bare aiohttp loop probes the same endpoints at the same rate (bench/_monitor_raw.py) as the floor. After the
monitor's window, Prometheus' blackbox exporter (Debian's, installed first when missing; our own process, port and
config) probes the same endpoints, driven as Prometheus drives it: GET /probe for each once a second, for a window as
long (bench/_monitor_blackbox.py). Its CPU per probe is the baseline of ours, their ratio measured in the same run.
Targets (issue 5, bench/_monitor_report.py): 1 Hz within one core, every bad endpoint detected with p99 under
failures_to_degraded x interval + 1 s. --profile then runs the monitor in-process under cProfile
(bench/_monitor_profile.py). Ends with one JSON line. Nothing here asserts.
"""

import argparse
import asyncio
import contextlib
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
from redis.asyncio import Redis

from bench import _monitor_world as world
from bench._common import quiet_logs
from bench._figures import say
from bench._monitor_blackbox import BlackboxRun, blackbox_run, installed
from bench._monitor_detect import Detector
from bench._monitor_process import monitor_process
from bench._monitor_raw import raw_baseline
from bench._monitor_report import BOUND_S, INTERVAL_S, show, summarise
from bench._monitor_window import MonitorWindow, warm_up, window
from shared.plan.store import PlanStore
from shared.redis_process import free_port, redis_server

ENDPOINTS, WINDOW_S, BAD, SEED = 1_000, 60.0, 20, 5


async def baseline(base: str, endpoints: int, seconds: float) -> float | None:
    """The bare aiohttp loop's CPU-ms per probe (None when skipped); its figures said as it ends."""
    if seconds <= 0:
        return None
    say(f"\nbaseline: bare aiohttp loop in its own process, {endpoints:,} endpoints at 1 Hz, {seconds:g} s measured")
    raw = await raw_baseline(base, endpoints, seconds)
    say(
        f"  {raw.probes / raw.wall_s:7.1f} probes/s ({raw.ok:,} answered 200), {raw.cpu_s:.2f} CPU-s in "
        f"{raw.wall_s:.1f} s = {raw.cpu_s / raw.wall_s:.3f} cores, {raw.cpu_ms_per_probe:.3f} CPU-ms per probe"
        f"{'  failures ' + str(raw.failures) if raw.failures else ''}"
    )
    return raw.cpu_ms_per_probe


async def measure(
    args: argparse.Namespace, url: str, port: int, server: int, folder: Path
) -> tuple[MonitorWindow, Detector, float | None, BlackboxRun]:
    """The measured window, the detector's cases, the bare loop's CPU-ms per probe (None when skipped) and the
    blackbox exporter's run."""
    base = f"http://127.0.0.1:{port}"
    say(
        f"monitor benchmark: Python {platform.python_version()}, redis at {url}, {args.endpoints:,} endpoints at "
        f"{base} (own process), interval {INTERVAL_S:g}s, plan from {args.plan_source}"
    )
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as control:
        raw_ms = await baseline(base, args.endpoints, args.baseline_seconds)
        text = world.plan_yaml(base, args.endpoints)
        plan_file = folder / "flightdeck.yaml"
        plan_file.write_text(text)
        redis = Redis.from_url(url)
        if args.plan_source == "redis":
            await PlanStore(redis).apply(text, str(plan_file))
        say(
            f"\nmonitor: python -m services.monitor, plan {len(text) / 1024:.0f} KiB "
            f"({'FLIGHTDECK_PLAN_FILE' if args.plan_source == 'file' else 'applied to Redis'})"
        )
        detector = Detector(redis, control, base, give_up_s=3 * BOUND_S)
        reading = asyncio.create_task(detector.read())
        async with control.post(f"{base}/control/reset") as response:
            response.raise_for_status()
        started = time.perf_counter()
        with monitor_process(url, free_port(), plan_file if args.plan_source == "file" else None) as monitor:
            say(
                f"  listening after {time.perf_counter() - started:.1f} s; every endpoint probed twice after "
                f"{await warm_up(control, base, started):.1f} s"
            )
            say(f"\nwindow: {args.window:g} s, {args.bad} endpoints turned bad at spaced random times (seed {SEED})")
            detector.plan(
                [world.name(n) for n in range(args.endpoints)],
                args.bad,
                time.time() + 2,
                args.window - BOUND_S - 4,
                SEED,
            )
            redis_pid = world.child_pid("redis-server")
            pids = {"monitor": monitor.pid, "server": server, **({"redis": redis_pid} if redis_pid else {})}
            measured = await window(control, base, detector, monitor, pids, args.window)
            await detector.settle(3 * BOUND_S)
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(reading, 5)
        await asyncio.wait_for(redis.aclose(), 5)
        blackbox = await blackbox_run(control, base, args.endpoints, args.window, folder)
    if args.profile:
        say(f"\nprofile: the monitor in-process under cProfile for {args.profile:g} s (stderr)")
        from bench._monitor_profile import profile_in_process

        print(
            await profile_in_process(url, plan_file if args.plan_source == "file" else None, args.profile),
            file=sys.stderr,
            flush=True,
        )
    return measured, detector, raw_ms, blackbox


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoints", type=int, default=ENDPOINTS)
    parser.add_argument("--window", type=float, default=WINDOW_S, help="measured seconds (default 60)")
    parser.add_argument("--bad", type=int, default=BAD, help="endpoints turned bad in the window (default 20)")
    parser.add_argument(
        "--plan-source",
        choices=("file", "redis"),
        default="file",
        help="file: FLIGHTDECK_PLAN_FILE (default); redis: applied with PlanStore, as in production",
    )
    parser.add_argument("--baseline-seconds", type=float, default=15.0, help="bare aiohttp loop (0 to skip)")
    parser.add_argument(
        "--profile",
        nargs="?",
        type=float,
        const=20.0,
        default=0.0,
        metavar="SECONDS",
        help="then run the monitor in-process under cProfile (default 20 s), report on stderr",
    )
    args = parser.parse_args()
    quiet_logs()
    started = time.perf_counter()
    installed()  # before anything starts: the exporter's package when missing, or why it cannot be
    port = free_port()
    with (
        redis_server() as url,
        world.endpoint_server(port, args.endpoints) as server,
        tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as folder,
    ):
        measured, detector, raw_ms, blackbox = asyncio.run(measure(args, url, port, server.pid, Path(folder)))
    summary = summarise(args.endpoints, args.plan_source, measured, detector, raw_ms, blackbox)
    show(summary)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(summary.to_json()), flush=True)


if __name__ == "__main__":
    main()
