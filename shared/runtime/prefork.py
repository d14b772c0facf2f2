"""Several services on one host, each its own process, forked from a parent that imported them all once.

    python -m shared.runtime.prefork --logs DIR coordinator=8701 monitor=8702 alerter=8703 ...

Each child runs what `python -m services.NAME` runs (shared.runtime.main with the service's definition), with
FLIGHTDECK_HTTP_PORT set to its port and its output in DIR/NAME.log: its own pid, event loop, Redis connections
and consumer, stopped and restarted on its own. What the parent saves is the imports: about a second of CPU per
service, paid once instead of five times (and the pages they fill, shared copy-on-write). The parent starts no
thread and no event loop before it forks, so a child starts as clean as a new interpreter.

A child that exits is started again, 1 s later, doubling to 30 s while it keeps failing; SIGTERM or SIGINT stops
them all (SIGTERM, SIGKILL after 10 s), then the parent. Each child dies with the parent, however it ends.
"""

import argparse
import contextlib
import gc
import importlib
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from shared.backoff import Backoff
from shared.process import die_with_parent

STOP_WITHIN_S = 10.0


def _child(name: str, port: int, logs: Path, with_parent: Callable[[], None] | None) -> None:
    """In the forked child: never returns. `with_parent` (made in the parent) ties the child's life to it."""
    code = 1
    try:
        if with_parent is not None:
            with_parent()
        Path("/proc/self/comm").write_text(f"fd-{name}"[:15])  # what ps and top show: its own name, not ours
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)  # the service installs its own handlers
        log = os.open(logs / f"{name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.environ["FLIGHTDECK_HTTP_PORT"] = str(port)
        from shared.runtime.main import main

        main(importlib.import_module(f"services.{name}.app").DEFINITION)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class Prefork:
    def __init__(self, ports: dict[str, int], logs: Path) -> None:
        self.ports, self.logs = ports, logs
        self.children: dict[int, str] = {}
        self.due: dict[str, float] = {}  # name -> when to start it (again)
        self.backoff = {name: Backoff(first=1.0, most=30.0) for name in ports}
        self.started: dict[str, float] = {}
        self.stopping = False

    def preload(self) -> None:
        import shared.runtime.main  # noqa: F401

        for name in self.ports:
            importlib.import_module(f"services.{name}.app")
        gc.collect()
        gc.freeze()  # what is loaded now is never collected: a child's collector leaves those pages shared

    def fork(self, name: str) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        with_parent = die_with_parent(signal.SIGTERM)
        pid = os.fork()
        if pid == 0:
            _child(name, self.ports[name], self.logs, with_parent)
        self.children[pid] = name
        self.started[name] = time.monotonic()

    def reap(self) -> None:
        while self.children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                return
            name = self.children.pop(pid, None)
            if name is None or self.stopping:
                continue
            if time.monotonic() - self.started[name] > 60:
                self.backoff[name].reset()  # it ran a while: a new failure starts the backoff afresh
            delay = self.backoff[name].next()
            print(
                f"{name} exited with code {os.waitstatus_to_exitcode(status)}; restarting in {delay:.0f}s", flush=True
            )
            self.due[name] = time.monotonic() + delay

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: setattr(self, "stopping", True))
        self.preload()
        for name in self.ports:
            self.fork(name)
        while not self.stopping:
            self.reap()
            for name, at in list(self.due.items()):
                if at <= time.monotonic() and not self.stopping:
                    del self.due[name]
                    self.fork(name)
            time.sleep(0.05)
        self.stop()
        return 0

    def stop(self) -> None:
        for pid in self.children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_WITHIN_S
        while self.children and time.monotonic() < deadline:
            self.reap()
            time.sleep(0.05)
        for pid, name in list(self.children.items()):
            print(f"{name} did not stop within {STOP_WITHIN_S:.0f}s of SIGTERM: killing it", flush=True)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.runtime.prefork", description=__doc__.split("\n")[0])
    parser.add_argument("--logs", required=True, help="the folder each service's NAME.log goes to")
    parser.add_argument("services", nargs="+", metavar="NAME=PORT")
    args = parser.parse_args(argv)
    ports = {}
    for item in args.services:
        name, _, port = item.partition("=")
        if not port.isdigit():
            parser.error(f"{item!r}: give each service as NAME=PORT, like monitor=8702")
        ports[name] = int(port)
    Path(args.logs).mkdir(parents=True, exist_ok=True)
    return Prefork(ports, Path(args.logs)).run()


if __name__ == "__main__":
    raise SystemExit(main())
