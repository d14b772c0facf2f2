"""Every command that talks to Redis says the same thing when it cannot: which REDIS_URL it tried (password
masked) and what to do, with exit 4 and no traceback; against a port where nothing listens, a wrong password, and
a REDIS_URL that does not parse."""

from pathlib import Path

import pytest

from shared.redis_process import free_port
from tests.integration.cli_redis import guarded_redis_fixture  # noqa: F401 (a fixture)
from tests.integration.cli_run import exit_code as _run

PLAN = str(Path(__file__).parents[2] / "examples" / "flightdeck.yaml")
COMMANDS = [
    ["deploy", "--env", "staging", "--version", "1.0.0"],
    ["deploy", "--env", "staging", "--version", "1.0.0", "--wait"],
    ["status"],
    ["status", "--env", "staging"],
    ["history"],
    ["logs", "d-1"],
    ["approve", "d-1", "--yes"],
    ["cancel", "d-1", "--yes"],
    ["resume", "d-1", "--yes"],
    ["record", "--env", "staging", "--service", "api", "--version", "1.0.0", "--yes"],
    ["rollback", "--env", "staging", "--yes"],
    ["alerts", "list"],
    ["alerts", "ack", "abc123"],
    ["ack", "abc123"],
    ["silence", "add", "--match", "service=api", "--for", "1h"],
    ["silence", "list"],
    ["silence", "expire", "s-1"],
    ["dead-letters"],
    ["dead-letters", "--replay", "1-0"],
    ["plan", "apply", PLAN],
]


@pytest.fixture(autouse=True)
def _plain_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FLIGHTDECK_PLAN_FILE", "FLIGHTDECK_URL", "GITHUB_ACTIONS", "CI"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_nothing_listening(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    monkeypatch.setenv("REDIS_URL", f"redis://:hunter2@127.0.0.1:{port}/0")
    assert _run(argv) == 4
    out, err = capsys.readouterr()
    assert f"cannot reach Redis at REDIS_URL=redis://:***@127.0.0.1:{port}/0" in err
    assert "`flightdeck up`" in err and "Traceback" not in out + err and "hunter2" not in out + err


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_wrong_password(
    argv: list[str], guarded_redis: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://:wrong@{guarded_redis}/0")
    assert _run(argv) == 4
    out, err = capsys.readouterr()
    assert f"Redis at REDIS_URL=redis://:***@{guarded_redis}/0 refused the password" in err
    assert "Traceback" not in out + err and "wrong" not in out + err


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_redis_url_that_does_not_parse(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad setting reads as the others do: one line naming REDIS_URL and how to write it, exit 4."""
    monkeypatch.setenv("REDIS_URL", "redis://:hunter2@127.0.0.1:notaport/0")
    assert _run(argv) == 4
    out, err = capsys.readouterr()
    assert "REDIS_URL is not a URL Redis can be reached at" in err and "redis://:PASSWORD@host:6379/0" in err
    assert "Traceback" not in out + err and "hunter2" not in out + err
