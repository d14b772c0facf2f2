"""The monitor benchmark's measurement: the endpoint server's counters, the warm-up, and the measured window (probes
served, the CPU of each process, whether the monitor lived through it), with a progress line every few seconds."""

import asyncio
import subprocess
import time
from dataclasses import dataclass

import aiohttp

from bench import _monitor_world as world
from bench._figures import say
from bench._monitor_detect import Detector


@dataclass(frozen=True)
class Served:
    """GET /control/stats: probes served so far, the fewest any endpoint got since the last reset, and the count
    in each whole second of the server's clock."""

    total: int
    min_hits: int
    per_second: dict[str, int]


@dataclass(frozen=True)
class MonitorWindow:
    """What the window measured: its wall seconds, the probes served in it, the cores each process used, when the
    monitor exited (seconds into it; None if it did not) and the fewest and most probes in a whole second."""

    wall_s: float
    probes: float
    monitor_cores: float
    server_cores: float
    redis_cores: float  # 0 when redis-server was not found among this process's children
    monitor_exited_s: float | None
    min_second: float
    max_second: float


async def served(control: aiohttp.ClientSession, base: str) -> Served:
    async with control.get(f"{base}/control/stats") as response:
        found = await response.json()
    return Served(int(found["total"]), int(found["min_hits"]), {str(k): int(v) for k, v in found["per_second"].items()})


async def warm_up(control: aiohttp.ClientSession, base: str, started: float, within_s: float = 90) -> float:
    """Waits until every endpoint was probed twice since the last reset; returns seconds since `started`."""
    while (found := await served(control, base)).min_hits < 2:
        if time.perf_counter() - started > within_s:
            raise SystemExit(f"warm-up: not every endpoint probed twice after {within_s:g} s ({found.total} probes)")
        await asyncio.sleep(0.25)
    return time.perf_counter() - started


async def window(
    control: aiohttp.ClientSession,
    base: str,
    detector: Detector,
    monitor: subprocess.Popen[bytes],
    pids: dict[str, int],
    seconds: float,
    every: float = 5.0,
) -> MonitorWindow:
    """The measured window: counters at both ends (CPU of each process in `pids`), progress every `every` s."""
    first = await served(control, base)
    t0, cpu0 = time.time(), {k: world.cpu_s(p) for k, p in pids.items()}
    last, last_t, last_cpu, exited = first, t0, cpu0["monitor"], None
    driving = asyncio.create_task(detector.drive())
    while (now := time.time()) < t0 + seconds:
        await asyncio.sleep(min(every, t0 + seconds - now))
        found, t, cpu = await served(control, base), time.time(), world.cpu_s(monitor.pid)
        if exited is None and monitor.poll() is not None:
            exited = t - t0
            say(f"  !! the monitor exited (code {monitor.returncode}) within the last {every:g} s")
        say(
            f"  .. {t - t0:4.1f}s  {(found.total - last.total) / (t - last_t):7.1f} probes/s"
            f"  monitor {(cpu - last_cpu) / (t - last_t):.3f} cores  detected {len(detector.delays())}/"
            f"{len(detector.cases)}"
        )
        last, last_t, last_cpu = found, t, cpu
    t1, cpu1 = time.time(), {k: world.cpu_s(p) for k, p in pids.items()}
    wall = t1 - t0
    per_second = world.per_second_rates(last.per_second, t0, t1)
    await asyncio.wait_for(driving, 30)
    cores = {k: (cpu1[k] - cpu0[k]) / wall for k in cpu0}
    return MonitorWindow(
        wall_s=wall,
        probes=float(last.total - first.total),
        monitor_cores=cores["monitor"],
        server_cores=cores.get("server", 0.0),
        redis_cores=cores.get("redis", 0.0),
        monitor_exited_s=exited,
        min_second=float(min(per_second)),
        max_second=float(max(per_second)),
    )
