"""Services forked from one preloaded parent (shared/runtime/prefork.py): each its own process that becomes ready,
one killed is started again on its own, and SIGTERM stops them all and the parent, ports freed."""

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx
import pytest

from shared.redis_process import free_port
from tests.support.demo_run import alive, descendants, listening

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def ready(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def until(check: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"still false after {within}s"
        time.sleep(0.05)


def pid_of(logs: Path, name: str) -> int:
    """The pid the service's latest start gave in its own log (uvicorn says "Started server process [PID]")."""
    found = re.findall(r"Started server process \[(\d+)\]", (logs / f"{name}.log").read_text())
    assert found, f"{name} has not started"
    return int(found[-1])


def test_forked_services_run_restart_alone_and_stop_together(redis_url: str, tmp_path: Path) -> None:
    ports = {"coordinator": free_port(), "dashboard": free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLIGHTDECK_")}
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.runtime.prefork",
            "--logs",
            str(tmp_path / "logs"),
            *(f"{n}={p}" for n, p in ports.items()),
        ],
        env={**env, "REDIS_URL": redis_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for port in ports.values():
            until(partial(ready, port), within=60)
        children = descendants(parent.pid)
        coordinator = pid_of(tmp_path / "logs", "coordinator")
        assert children == {coordinator, pid_of(tmp_path / "logs", "dashboard")}, "one process each, the parent's"
        os.kill(coordinator, signal.SIGKILL)
        until(lambda: not alive(coordinator), within=10)
        until(lambda: ready(ports["coordinator"]), within=60)
        again = pid_of(tmp_path / "logs", "coordinator")
        assert again in descendants(parent.pid)
        assert again != coordinator and ready(ports["dashboard"]), "started again alone; the other kept running"
        log = (tmp_path / "logs" / "coordinator.log").read_text()
        assert log.count('"msg": "consuming"') == 2, "its output went to its own log, both times"
    finally:
        seen = descendants(parent.pid)
        parent.send_signal(signal.SIGTERM)
        code = parent.wait(timeout=30)
        output = parent.stdout.read() if parent.stdout else ""
        if parent.stdout:
            parent.stdout.close()
    assert code == 0, output
    assert "coordinator exited with code -9; restarting in 1s" in output
    time.sleep(0.2)
    assert [p for p in seen if alive(p)] == [] and not any(listening(p) for p in ports.values())
