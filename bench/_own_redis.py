"""How a benchmark that needs a Redis of its own runs: our redis-server on a free port (never the machine's), a
scratch folder, the benchmark, its figures shown, the total time, and one JSON line last."""

import asyncio
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol, TypeVar

from bench._common import quiet_logs
from bench._figures import say
from shared.redis_process import LocalRedis


class Summary(Protocol):
    def to_json(self) -> dict[str, object]: ...


S = TypeVar("S", bound=Summary)
Bench = Callable[[str, Path], Coroutine[Any, Any, S]]  # (redis_url, scratch folder) -> its summary


def run_on_own_redis(name: str, bench: Bench[S], show: Callable[[S], None]) -> None:
    """Runs `bench(redis_url, folder)`, then shows its summary and prints the JSON line."""
    quiet_logs()
    started = time.perf_counter()
    local = LocalRedis()
    redis_url = local.start()
    try:
        say(f"{name}: Python {platform.python_version()}, our redis at {redis_url}, {os.cpu_count()} cores")
        with tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as folder:
            summary = asyncio.run(bench(redis_url, Path(folder)))
    finally:
        local.stop()
    show(summary)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(summary.to_json()), flush=True)
