"""Flightdeck itself, for the demo: its own redis-server (append-only file in the data folder) and the five services,
each its own process running what `python -m services.NAME` runs, forked from one parent that imported them once
(shared/runtime/prefork.py: a second of imports instead of five, on a two-core laptop the difference between the
services being ready in under two seconds or in four). Each service's output goes to the data folder's
logs/NAME.log; the terminal is the scenario's."""

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from shared.process import die_with_parent
from shared.redis_process import LocalRedis, free_port
from shared.streams import SERVICES

from ..services import definition
from ..up import DEFAULT_BASE, keep_redis

READY_WITHIN_S = 30.0
Say = Callable[[str], None]


def pick_ports(base: int | None) -> dict[str, int]:
    """The services' HTTP ports as `flightdeck up --port-base` lays them out (dashboard on BASE), else free ones.
    OSError naming the first port asked for that something else holds."""
    if base is None:
        return {name: free_port() for name in SERVICES}
    ports = {name: base + definition(name).default_port - DEFAULT_BASE for name in SERVICES}
    for name, port in ports.items():
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise OSError(
                    f"port {port} (for the {name}) is taken by something else: choose another "
                    "--port-base, or leave it out for free ports"
                ) from None
    return ports


class Stack:
    def __init__(self, folder: Path, workdir: Path, ports: dict[str, int], env: dict[str, str], say: Say) -> None:
        self.folder = folder
        self.workdir = workdir
        self.ports = ports
        self.extra_env = env
        self.say = say
        self.redis = LocalRedis(data_dir=folder / "redis")
        self.stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._services: asyncio.subprocess.Process | None = None

    @property
    def redis_url(self) -> str:
        return f"{self.redis.url}/0"

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    async def start_redis(self) -> None:
        await asyncio.to_thread(self.redis.start)
        self._tasks.append(asyncio.create_task(keep_redis(self.redis, self.stopping)))

    async def start_services(self) -> None:
        env = {
            **os.environ,
            "REDIS_URL": self.redis_url,
            "PYTHONUNBUFFERED": "1",
            "FLIGHTDECK_WORKDIR": str(self.workdir),
            **self.extra_env,
        }
        env.pop("FLIGHTDECK_PLAN_FILE", None)  # the services read the plan the demo applies to its Redis
        self._services = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "shared.runtime.prefork",
            "--logs",
            str(self.folder / "logs"),
            *(f"{name}={port}" for name, port in self.ports.items()),
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C is the demo's, which stops the services in its own order
            preexec_fn=die_with_parent(signal.SIGTERM),
        )
        self._tasks.append(asyncio.create_task(self._relay(self._services)))

    async def _relay(self, process: asyncio.subprocess.Process) -> None:
        """The parent's own news (a service exited and is started again) is the person's."""
        assert process.stdout is not None
        async for raw in process.stdout:
            self.say(f"   {raw.decode(errors='replace').rstrip()}")

    async def wait_ready(self, within: float = READY_WITHIN_S) -> float:
        """Seconds until every service answers /health/ready with 200; TimeoutError naming those that do not."""
        started = time.monotonic()
        waiting = set(SERVICES)
        async with httpx.AsyncClient(timeout=1.0) as client:
            while waiting:
                for name in sorted(waiting):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await client.get(f"{self.url(name)}/health/ready")).status_code == 200:
                            waiting.discard(name)
                if waiting and time.monotonic() - started > within:
                    logs = ", ".join(str(self.folder / "logs" / f"{n}.log") for n in sorted(waiting))
                    raise TimeoutError(f"{', '.join(sorted(waiting))} not ready after {within:.0f}s; see {logs}")
                if waiting:
                    await asyncio.sleep(0.05)
        return time.monotonic() - started

    async def stop_services(self) -> None:
        """Each gets SIGTERM, then SIGKILL after 10 s; Redis stays up for what else stops after them."""
        self.stopping.set()
        if self._services is not None and self._services.returncode is None:
            self._services.terminate()
            try:
                await asyncio.wait_for(self._services.wait(), 15)
            except TimeoutError:
                self._services.kill()
                await self._services.wait()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop_redis(self) -> None:
        self.stopping.set()
        await asyncio.to_thread(self.redis.stop)
