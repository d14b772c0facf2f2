"""Confirmation on a real terminal (a pseudo-terminal the command runs on, as a person would type): every
environment asks, the answer is honoured, --yes skips the question; without a terminal production refuses."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from shared.streams import Keys

ROOT = Path(__file__).parents[2]
ROLLBACK = ["rollback", "--service", "api", "--to", "1.0.0", "--by", "ana"]


def _environ(redis_url: str) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("FLIGHTDECK_PLAN_FILE", "CI", "GITHUB_ACTIONS")}
    return {**environ, "REDIS_URL": redis_url, "NO_COLOR": "1"}


def _read(master: int, until: bytes | None, deadline: float) -> bytes:
    """What the terminal shows, until `until` appears (None: until the command closes it)."""
    seen = b""
    while time.monotonic() < deadline and (until is None or until not in seen):
        ready, _, _ = select.select([master], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def on_terminal(argv: list[str], redis_url: str, answer: str | None, prompt: bytes = b"?") -> tuple[int, str]:
    """Runs `flightdeck ARGV` on a pseudo-terminal; types `answer` once the question shows (None: types nothing)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=_environ(redis_url),
        close_fds=True,
    )
    os.close(slave)
    deadline = time.monotonic() + 60
    try:
        shown = b""
        if answer is not None:
            shown = _read(master, prompt, deadline)
            assert prompt in shown, f"no question shown: {shown!r}"
            os.write(master, answer.encode() + b"\n")
        shown += _read(master, None, deadline)
        return process.wait(timeout=30), shown.decode(errors="replace").replace("\r\n", "\n")
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
            process.wait()


def _published(redis_url: str) -> int:
    client = redis.Redis.from_url(redis_url)
    try:
        return int(client.xlen(Keys().events))
    finally:
        client.close()


@pytest.mark.parametrize("answer", ["n", "", "nope", "sure"])
def test_outside_production_anything_but_yes_does_nothing(redis_url: str, answer: str) -> None:
    code, shown = on_terminal([*ROLLBACK, "--env", "staging"], redis_url, answer, b"[y/N]")
    assert code == 3 and "nothing done" in shown, shown
    assert _published(redis_url) == 0


@pytest.mark.parametrize("answer", ["y", "yes", "Y"])
def test_outside_production_yes_rolls_back(redis_url: str, answer: str) -> None:
    code, shown = on_terminal([*ROLLBACK, "--env", "local"], redis_url, answer, b"[y/N]")
    assert code == 0 and "published deploy-requested" in shown, shown
    assert _published(redis_url) == 1


def test_production_wants_its_name_typed(redis_url: str) -> None:
    code, shown = on_terminal([*ROLLBACK, "--env", "production"], redis_url, "y", b"type the environment name")
    assert code == 3 and "nothing done" in shown and _published(redis_url) == 0, shown
    code, shown = on_terminal([*ROLLBACK, "--env", "production"], redis_url, "production", b"type the environment")
    assert code == 0 and _published(redis_url) == 1, shown


def test_yes_asks_nothing(redis_url: str) -> None:
    code, shown = on_terminal([*ROLLBACK, "--env", "staging", "--yes"], redis_url, None)
    assert code == 0 and "?" not in shown and _published(redis_url) == 1, shown


def test_without_a_terminal_production_refuses_and_others_go_ahead(redis_url: str) -> None:
    def run(environment: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli", *ROLLBACK, "--env", environment],
            cwd=ROOT,
            env=_environ(redis_url),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    refused = run("production")
    assert refused.returncode == 2 and "add --yes" in refused.stderr and _published(redis_url) == 0
    assert run("staging").returncode == 0 and _published(redis_url) == 1
