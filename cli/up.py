"""`flightdeck up`: all five services in one terminal, each its own process, plus a local Redis when needed.

Lines are prefixed with the service's name. A service that dies is restarted (with backoff), like a supervisor
would, and so is the Redis it started (same port, same data). Ctrl-C (or SIGTERM) stops the services cleanly,
then the Redis it started.
"""

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from shared.backoff import Backoff
from shared.process import die_with_parent
from shared.redis_process import LocalRedis, redis_answers
from shared.settings import SettingsError, load_settings
from shared.streams import SERVICES

from .services import definition

DEFAULT_BASE = 8700
COLOURS = {"coordinator": 36, "monitor": 32, "alerter": 33, "rollback": 35, "dashboard": 34, "up": 37}


def say(name: str, line: str) -> None:
    tag = f"{name:>11} |"
    if sys.stdout.isatty():
        tag = f"\033[{COLOURS.get(name, 37)}m{tag}\033[0m"
    print(f"{tag} {line}", flush=True)


Echo = Callable[[str, str], None]  # (service, line): where a service's output goes


async def _pipe(name: str, stream: asyncio.StreamReader, echo: Echo) -> None:
    async for raw in stream:
        echo(name, raw.decode(errors="replace").rstrip())


async def supervise(name: str, env: dict[str, str], stopping: asyncio.Event, echo: Echo = say) -> None:
    """Runs one service until `stopping`, restarting it with backoff whenever it exits on its own; its output lines
    go to `echo` (the terminal, prefixed with its name, by default)."""
    backoff = Backoff(first=1.0, most=30.0)
    while not stopping.is_set():
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            f"services.{name}",
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches `up` alone, which stops the services, then Redis, in order
            preexec_fn=die_with_parent(signal.SIGTERM),  # and if `up` is killed outright, they stop too
        )
        assert process.stdout is not None
        output = asyncio.create_task(_pipe(name, process.stdout, echo))
        waiter = asyncio.create_task(process.wait())
        stop = asyncio.create_task(stopping.wait())
        await asyncio.wait({waiter, stop}, return_when=asyncio.FIRST_COMPLETED)
        if stopping.is_set() and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        stop.cancel()
        await output
        if not stopping.is_set():
            delay = backoff.next()
            echo("up", f"{name} exited with code {process.returncode}; restarting in {delay:.0f}s")
            await asyncio.sleep(delay)


async def keep_redis(local: LocalRedis, stopping: asyncio.Event) -> None:
    """Starts the local redis-server again whenever it exits on its own; the services wait and resume."""
    backoff = Backoff(first=0.5, most=30.0)
    while not stopping.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), 0.5)
        code = local.exited()
        if code is None or stopping.is_set():
            continue
        say("up", f"redis-server exited with code {code}; starting it again on port {local.port}")
        try:
            await asyncio.to_thread(local.start)
            say("up", "redis-server is back; the services resume")
            backoff.reset()
        except Exception as exc:
            delay = backoff.next()
            say("up", f"redis-server did not start again ({exc}); trying again in {delay:.0f}s")
            await asyncio.sleep(delay)


async def _up(redis_url: str, port_base: int, local: LocalRedis | None = None) -> None:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
    ports = {name: port_base + definition(name).default_port - DEFAULT_BASE for name in SERVICES}
    say("up", "starting " + ", ".join(f"{name} (:{port})" for name, port in ports.items()) + "; Ctrl-C stops them")
    await asyncio.gather(
        *(supervise(name, {**env, "FLIGHTDECK_HTTP_PORT": str(ports[name])}, stopping) for name in SERVICES),
        *([keep_redis(local, stopping)] if local else []),
    )
    say("up", "all services stopped")


def run(args: argparse.Namespace) -> int:
    try:
        url = load_settings().redis_url
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    local = None
    with contextlib.ExitStack() as stack:
        if not redis_answers(url):
            parts = urlsplit(url)
            if parts.hostname not in ("127.0.0.1", "localhost", None) or parts.password:
                print(f"nothing answers at REDIS_URL={load_settings().redis_url_masked}; start it or unset REDIS_URL")
                return 4
            data = Path(args.data_dir) / "redis"
            say("up", f"no Redis at {url}; starting redis-server on port {parts.port or 6379} (data in {data})")
            local = LocalRedis(port=parts.port or 6379, data_dir=data)
            stack.callback(local.stop)
            url = f"{local.start()}{parts.path or '/0'}"
        asyncio.run(_up(url, args.port_base, local))
    return 0


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser("up", help="run all services (and a local Redis if none answers) until Ctrl-C")
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("FLIGHTDECK_DATA_DIR", ".flightdeck"),
        help="where the local Redis keeps its data (default .flightdeck)",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=int(os.environ.get("FLIGHTDECK_PORT_BASE", DEFAULT_BASE)),
        help="HTTP ports: dashboard on this one, then coordinator, monitor, alerter, rollback",
    )
    parser.set_defaults(func=run)
