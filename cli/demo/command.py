"""`flightdeck demo`: Flightdeck on a local fleet. It starts its own Redis and the five services, catches what
on-call would receive, plays a good release, another, and a bad one that is rolled back, then stays up for the
person (or, with --once, stops and exits 0 only when every step ended as the scenario expects).

Ctrl-C or SIGTERM stops what it started, in order: the scenario, the services, the fleet, the catchers, Redis."""

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path

from redis.exceptions import RedisError

from shared.plan.errors import PlanError

from ..transport import TransportError
from .folder import FolderInUse, claim, release
from .run import Demo

DEFAULT_FOLDER = os.path.join(os.environ.get("FLIGHTDECK_DATA_DIR", ".flightdeck"), "demo")
STOPPED_BY_SIGNAL = 130


def _say(line: str) -> None:
    print(line, flush=True)


async def _main(args: argparse.Namespace, folder: Path) -> int:
    started = time.monotonic()
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    demo = Demo(
        folder,
        started,
        port_base=args.port_base,
        colour=sys.stdout.isatty() and not os.environ.get("NO_COLOR"),
        say=_say,
    )
    playing = asyncio.create_task(demo.run(once=args.once))
    interrupted = asyncio.create_task(stopping.wait())
    try:
        await asyncio.wait({playing, interrupted}, return_when=asyncio.FIRST_COMPLETED)
        if not playing.done():
            _say("\nstopping: the services, then the fleet, the alert catchers and Redis")
            playing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            code = await playing
        if interrupted.done() and not args.once:
            code = 0  # the person stopped a demo that was waiting for them: a normal end
        elif interrupted.done():
            code = STOPPED_BY_SIGNAL
    finally:
        interrupted.cancel()
        await demo.stop()
    if demo.summary is not None:
        (folder / "summary.json").write_text(json.dumps(demo.summary, indent=2) + "\n")
    _say(f"stopped; nothing the demo started is left running (its data stays in {folder} until the next run)")
    return code


def run(args: argparse.Namespace) -> int:
    folder = Path(args.data_dir).resolve()
    try:
        claim(folder, _say)
    except FolderInUse as problem:
        print(f"flightdeck demo: {problem}", file=sys.stderr)
        return 1
    try:
        return asyncio.run(_main(args, folder))
    except (PlanError, TimeoutError, RuntimeError, OSError, RedisError, TransportError) as problem:
        logs = f"; the services' logs are in {folder / 'logs'}" if (folder / "logs").exists() else ""
        print(f"flightdeck demo: {problem}{logs}", file=sys.stderr)
        return 1
    finally:
        release(folder)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "demo",
        help="Flightdeck on a local fleet: a good release, a bad one rolled back, "
        "and the alerts it caused; then it stays up until Ctrl-C",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="play the scenario, print a summary, stop everything; exit 0 only when every step ended as expected",
    )
    parser.add_argument(
        "--data-dir",
        default=DEFAULT_FOLDER,
        help=f"the demo's own folder, emptied at each run (default {DEFAULT_FOLDER})",
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=None,
        help="the services' HTTP ports from this one on (dashboard first); default: free ports",
    )
    parser.set_defaults(func=run)
