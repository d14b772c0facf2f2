"""The composite action reaches Flightdeck either way the CLI does: over Redis (redis-url) or over the dashboard's
API (flightdeck-url and flightdeck-token, handed to the CLI as FLIGHTDECK_URL and FLIGHTDECK_TOKEN, never printed);
given neither, it says which inputs it needs and publishes nothing."""

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "fd_0123456789abcdef_" + "s" * 43


def _deploy_step() -> dict[str, Any]:
    action: dict[str, Any] = yaml.load((ROOT / "action.yml").read_text(), Loader=yaml.BaseLoader)
    step: dict[str, Any] = next(s for s in action["runs"]["steps"] if s.get("id") == "deploy")
    return step


def _run(tmp_path: Path, transport: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Runs the deploy step's script with a stand-in flightdeck that notes which transport variables it was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "flightdeck"
    fake.write_text(
        f'#!/bin/sh\nprintf "%s|%s|%s" "$REDIS_URL" "$FLIGHTDECK_URL" "$FLIGHTDECK_TOKEN" > "{tmp_path}/seen"\n'
        'echo \'{"deployment_id": "d-1", "exit_code": 0}\'\n'
    )
    fake.chmod(0o755)
    outputs = tmp_path / "outputs"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(outputs),
        "DEPLOY_ENV": "staging",
        "DEPLOY_VERSION": "abc1234",
        "DEPLOY_SERVICES": "",
        "DEPLOY_TIMEOUT": "5m",
        # as the step's env: block sets them, empty for an input left out
        **{name: transport.get(name, "") for name in ("REDIS_URL", "FLIGHTDECK_URL", "FLIGHTDECK_TOKEN")},
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _deploy_step()["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    written = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.exists() else {}
    return done, written


def test_the_step_hands_the_inputs_to_the_cli_as_its_variables() -> None:
    env = _deploy_step()["env"]
    assert env["REDIS_URL"] == "${{ inputs.redis-url }}"
    assert env["FLIGHTDECK_URL"] == "${{ inputs.flightdeck-url }}"
    assert env["FLIGHTDECK_TOKEN"] == "${{ inputs.flightdeck-token }}"


def test_over_the_api_the_cli_gets_the_url_and_token_and_the_token_is_never_printed(tmp_path: Path) -> None:
    done, written = _run(tmp_path, {"FLIGHTDECK_URL": "https://flightdeck.example.com", "FLIGHTDECK_TOKEN": TOKEN})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "seen").read_text() == f"|https://flightdeck.example.com|{TOKEN}"
    assert TOKEN not in done.stdout + done.stderr and written["result"] == "succeeded"


def test_over_redis_as_before(tmp_path: Path) -> None:
    done, written = _run(tmp_path, {"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert done.returncode == 0 and (tmp_path / "seen").read_text() == "redis://127.0.0.1:1/0||"
    assert written["result"] == "succeeded"


def test_neither_way_given_is_an_error_naming_the_inputs(tmp_path: Path) -> None:
    done, written = _run(tmp_path, {})
    assert done.returncode == 64
    assert "::error::give the Flightdeck deploy action redis-url, or flightdeck-url and flightdeck-token" in done.stdout
    assert not (tmp_path / "seen").exists(), "nothing was run"
    assert written == {"result": "error", "exit-code": "64"}
