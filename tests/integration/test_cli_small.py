"""Small things a new user hit (issue 12), against a real Redis and real processes: unknown deployments and alerts
are refused by name, a reader that goes away ends nothing in a traceback, an unknown option shows its command's
usage, and a bad version publishes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from shared.redis_process import free_port
from shared.streams import Keys
from tests.integration.cli_run import exit_code as _run

ROOT = Path(__file__).parents[2]


@pytest.fixture
def shell(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in ("FLIGHTDECK_PLAN_FILE", "FLIGHTDECK_URL", "GITHUB_ACTIONS", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REDIS_URL", redis_url)
    return redis_url


def test_logs_of_an_unknown_deployment_says_so(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["logs", "d-nope"]) == 1
    assert "no deployment d-nope" in capsys.readouterr().err


def test_ack_of_an_unknown_alert_is_refused_and_publishes_nothing(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["alerts", "ack", "ffff"]) == 1
    out, err = capsys.readouterr()
    assert "no active alert ffff: nothing acknowledged" in err and "acknowledged alert" not in out
    assert redis.Redis.from_url(shell).xlen(Keys().events) == 0


def test_an_unknown_option_shows_the_commands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["deploy", "--env", "staging", "--version", "1", "--nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: flightdeck deploy ")
    assert "flightdeck deploy: error: unrecognized arguments: --nope" in err
    assert _run(["silence", "list", "--nope"]) == 2
    assert capsys.readouterr().err.startswith("usage: flightdeck silence list ")


def test_a_version_with_shell_characters_publishes_nothing_and_exits_64(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # publishing would exit 4
    assert _run(["deploy", "--env", "staging", "--version", "1.0;reboot", "--wait"]) == 64
    err = capsys.readouterr().err
    assert "nothing published" in err and "'1.0;reboot' is not a version" in err


@pytest.mark.parametrize(
    "argv", [["plan", "show", "examples/flightdeck.yaml", "--env", "staging"], ["alerts", "list"]], ids=" ".join
)
def test_a_reader_that_went_away_ends_it_quietly(argv: list[str], shell: str) -> None:
    """`flightdeck ... | head`: the pipe's reader is gone before anything is written."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cli", *argv],
            stdout=writer,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env={**os.environ, "REDIS_URL": shell},
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert b"Traceback" not in done.stderr and b"BrokenPipeError" not in done.stderr, done.stderr.decode()
    assert done.returncode == 141
