"""Starting real worker processes for a test and stopping them, however the test ends."""

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from shared.redis_process import free_port

ROOT = Path(__file__).resolve().parents[2]


class Worker(subprocess.Popen[bytes]):
    port: int

    async def ready(self, within: float = 30) -> None:
        """Waits for /health/ready to answer 200: connected, group created, consuming."""
        deadline = asyncio.get_running_loop().time() + within
        async with httpx.AsyncClient() as client:
            while True:
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/health/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if self.poll() is not None or asyncio.get_running_loop().time() > deadline:
                    raise AssertionError(f"worker on port {self.port} never became ready (exit code {self.poll()})")
                await asyncio.sleep(0.05)


@contextmanager
def worker_process(
    redis_url: str, module: str = "tests.support.worker", log: Path | None = None, **env: str
) -> Iterator[Worker]:
    """The worker's output goes to `log` (appended), or nowhere: never to a pipe nobody reads, which fills up."""
    port = free_port()
    environment = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        **env,
    }
    with log.open("ab") if log else open(os.devnull, "wb") as sink:
        process = Worker([sys.executable, "-m", module], cwd=ROOT, env=environment, stdout=sink, stderr=sink)
    process.port = port
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
