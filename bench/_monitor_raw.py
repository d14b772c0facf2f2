"""The floor to compare the monitor with: a bare aiohttp client probing the same endpoints at 1 Hz each.

Runs as a process of its own (`python bench/_monitor_raw.py BASE ENDPOINTS SECONDS`), so its CPU is its own: one
ClientSession with keep-alive (the same connector limits as the monitor's prober), probes launched open loop on the
clock (endpoint after endpoint, `endpoints` a second), each a GET whose body is read and whose status is checked.
Nothing else: no parsing, no state, no Redis. After a warm-up it measures `seconds` and prints one JSON line:
probes finished, probes answered 200, CPU seconds (getrusage) and wall seconds.
"""

import asyncio
import dataclasses
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import aiohttp

WARMUP_S = 3.0


@dataclass(frozen=True)
class RawBaseline:
    """The bare loop's measured run: probes finished, answered 200, its CPU and wall seconds, failures by kind."""

    probes: int
    ok: int
    cpu_s: float
    wall_s: float
    failures: dict[str, int]

    @property
    def cpu_ms_per_probe(self) -> float:
        return self.cpu_s / max(1, self.probes) * 1000


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _one(session: aiohttp.ClientSession, url: str, tally: Counter[str]) -> None:
    try:
        async with asyncio.timeout(1.0), session.get(url, allow_redirects=False) as response:
            await response.read()
            tally["ok" if response.status == 200 else f"HTTP {response.status}"] += 1
    except Exception as exc:  # counted, never raised: the loop must keep its pace
        tally[type(exc).__name__] += 1


async def paced(urls: list[str], seconds: float, probe: Callable[[str], Coroutine[Any, Any, None]]) -> None:
    """Launches `probe(url)` open loop on the clock, endpoint after endpoint, `len(urls)` a second for `seconds`;
    returns once every probe launched has finished. A probe must not raise."""
    loop = asyncio.get_running_loop()
    rate, start, launched = len(urls), loop.time(), 0
    total = int(rate * seconds)
    tasks: set[asyncio.Task[None]] = set()
    while launched < total:
        due = min(total, int((loop.time() - start) * rate) + 1)
        for i in range(launched, due):
            task = asyncio.create_task(probe(urls[i % len(urls)]))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        launched = due
        await asyncio.sleep(0.01)
    await asyncio.gather(*tasks)


async def _run(base: str, endpoints: int, seconds: float) -> RawBaseline:
    urls = [f"{base}/svc-{n:04d}/health/ready" for n in range(endpoints)]
    connector = aiohttp.TCPConnector(limit=512, limit_per_host=0, keepalive_timeout=30)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=None), trust_env=False
    ) as session:
        warm: Counter[str] = Counter()
        await paced(urls, WARMUP_S, lambda url: _one(session, url, warm))
        tally: Counter[str] = Counter()
        cpu, wall = _cpu_s(), time.perf_counter()
        await paced(urls, seconds, lambda url: _one(session, url, tally))
        cpu, wall = _cpu_s() - cpu, time.perf_counter() - wall
    failures = {k: v for k, v in tally.items() if k != "ok"}
    return RawBaseline(probes=tally.total(), ok=tally["ok"], cpu_s=cpu, wall_s=wall, failures=failures)


async def raw_baseline(base: str, endpoints: int, seconds: float) -> RawBaseline:
    """Runs the loop in a child process and returns its figures."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, __file__, base, str(endpoints), str(seconds), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    if process.returncode:
        raise RuntimeError(f"the raw aiohttp baseline exited with code {process.returncode}")
    return RawBaseline(**json.loads(out.decode().strip().splitlines()[-1]))


if __name__ == "__main__":
    found = asyncio.run(_run(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
    print(json.dumps(dataclasses.asdict(found)), flush=True)
