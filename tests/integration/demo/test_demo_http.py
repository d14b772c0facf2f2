"""`flightdeck deploy --wait` over the dashboard's API against the demo fleet, with the login the demo printed: a good
release exits 0, a release the fleet fails is rolled back and ends as the same request over Redis does; the login
file is its owner's alone, and neither the password nor the token reaches a log or anything else the demo keeps."""

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.demo_run import ROOT, start_demo

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SCENARIO_WITHIN_S = 150
DEPLOY_WITHIN_S = 120
ROLLED_BACK = 2


def flightdeck(env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEPLOY_WITHIN_S + 30,
    )
    return done.returncode, (done.stdout + done.stderr).splitlines()


def deploy(env: dict[str, str], version: str, deployment_id: str) -> tuple[int, list[str]]:
    return flightdeck(
        env, "deploy", "--env", "demo", "--version", version, "--id", deployment_id, "--wait", "--timeout", "2m"
    )


def ending(lines: list[str], deployment_id: str) -> str:
    """The last line with what differs between two runs of one request (its id, how long it took) left out."""
    assert lines, "flightdeck deploy printed nothing"
    return re.sub(r"after [0-9.]+(ms|s|m)\b", "after T", lines[-1].replace(deployment_id, "ID"))


def make_bad(folder: Path, version: str) -> None:
    """The API of that version answers 500 to everything, its readiness too: its health gate fails."""
    faults = folder / "fleet" / "faults.json"
    temporary = faults.with_suffix(".new")
    temporary.write_text(json.dumps({f"api@{version}": {"errors": 1.0}}))
    temporary.replace(faults)


def holding(folder: Path, secrets: list[str]) -> list[str]:
    """The files under the folder, but the login file, whose bytes hold any of the secrets."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "login.env"):
        data = path.read_bytes()
        if any(secret.encode() in data for secret in secrets):
            found.append(str(path.relative_to(folder)))
    return found


def test_deploy_wait_over_http_against_the_demo_fleet_ends_as_over_redis(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    demo = start_demo(folder)
    try:
        demo.wait_for_line(r"Ctrl-C stops everything the demo started", SCENARIO_WITHIN_S)
        redis_url = demo.wait_for_line(r"export REDIS_URL=(\S+);", 1)[1]
        url = demo.wait_for_line(r"^\s*export FLIGHTDECK_URL=(\S+)$", 1)[1]
        token = demo.wait_for_line(r"^\s*export FLIGHTDECK_TOKEN=(fd_\S+)$", 1)[1]
        password = demo.wait_for_line(r"sign in as demo, password (\S+) ", 1)[1]
        api = demo.wait_for_line(r"the API: (\S+) ", 1)[1]
        assert api == url + "/api/v1"
        assert "every step ended as the scenario expects" in demo.output

        login = folder / "login.env"
        assert login.stat().st_mode & 0o777 == 0o600
        kept = login.read_text()
        assert f"FLIGHTDECK_PASSWORD={password}\n" in kept and f"export FLIGHTDECK_TOKEN={token}\n" in kept

        base = {k: v for k, v in os.environ.items() if not k.startswith("FLIGHTDECK_") and k != "REDIS_URL"}
        base["NO_COLOR"] = "1"
        over_http = {**base, "FLIGHTDECK_URL": url, "FLIGHTDECK_TOKEN": token}
        over_redis = {**base, "REDIS_URL": redis_url}

        code, lines = deploy(over_http, "1.3.0", "http-good")
        assert code == 0, "\n".join(lines)
        assert ending(lines, "http-good").startswith("succeeded ID after T (exit 0)"), lines[-1]

        make_bad(folder, "1.4.0")
        http_code, http_lines = deploy(over_http, "1.4.0", "http-bad")
        redis_code, redis_lines = deploy(over_redis, "1.4.0", "redis-bad")
        assert http_code == redis_code == ROLLED_BACK, "\n".join([*http_lines, "--- over Redis:", *redis_lines])
        assert ending(http_lines, "http-bad") == ending(redis_lines, "redis-bad")
        assert ending(http_lines, "http-bad").startswith("rolled back ID after T (exit 2)"), http_lines[-1]
        assert any("rollback api -> 1.3.0 ... ok" in line for line in http_lines), http_lines
    finally:
        code = demo.stop(signal.SIGINT)
    assert code == 0, demo.output
    processes, ports = demo.left_behind()
    assert "Traceback" not in demo.output
    assert processes == [] and ports == [], f"left running: processes {processes}, ports {ports}"
    secret_part = token.split("_", 2)[2]  # fd_<id>_<secret>, the secret itself may hold _
    assert len(secret_part) == 43 and len(password) >= 12
    assert list((folder / "logs").glob("*.log")), "the services kept their logs"
    assert holding(folder, [password, secret_part]) == []
