"""`--profile`: where the monitor's CPU goes. The monitor runs in this process (a ServiceRuntime with the same
settings as the measured process), watches the same endpoints for a warm-up, then runs under cProfile for a while.
The leases the measured monitor process held expire within 3 x interval + timeout (4 s), which the warm-up covers.
cProfile slows Python code down several times over: read the shares, not the absolute times.
"""

import asyncio
import cProfile
import io
import logging
import pstats
import re
import time
from collections import Counter
from pathlib import Path

from services.monitor.app import DEFINITION
from shared.runtime.service import ServiceRuntime
from shared.settings import Settings

WARMUP_S = 8.0


class _Counting(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: Counter[tuple[str, str, str]] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        error = f"{record.exc_info[0].__name__}: {record.exc_info[1]}" if record.exc_info and record.exc_info[0] else ""
        message = re.sub(r"bench/svc-\d+", "bench/svc-N", record.getMessage())
        self.counts[(record.levelname, message, error[:120])] += 1


async def profile_in_process(redis_url: str, plan_file: Path | None, seconds: float, top: int = 30) -> str:
    settings = Settings(redis_url=redis_url, plan_file=str(plan_file) if plan_file else None, maintenance_interval=3600)
    runtime = ServiceRuntime(DEFINITION, settings)
    logs = _Counting()
    logger = logging.getLogger("flightdeck")
    logger.addHandler(logs)
    logger.propagate = False  # counted and summarized below, rather than thousands of tracebacks on stderr
    await runtime.start()
    profile = cProfile.Profile()
    try:
        await asyncio.sleep(WARMUP_S)
        cpu, wall = time.process_time(), time.perf_counter()
        profile.enable()
        await asyncio.sleep(seconds)
        profile.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        try:
            await runtime.stop()
        except Exception as exc:  # a background task that died meanwhile re-raises here: say so, keep the profile
            print(
                f"  the in-process monitor's stop raised {type(exc).__name__}: {exc} (a background task of "
                "its own had died of it)",
                flush=True,
            )
    logger.removeHandler(logs)
    logger.propagate = True
    text = io.StringIO()
    for (level, message, error), count in logs.counts.most_common(5):
        print(f"  logged {count} x {level}: {message}" + (f"  <- {error}" if error else ""), file=text)
    print(
        f"in-process monitor under cProfile: {cpu:.2f} CPU-s in {wall:.1f} s wall "
        f"({cpu / wall:.2f} cores, profiler overhead included)",
        file=text,
    )
    stats = pstats.Stats(profile, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()
