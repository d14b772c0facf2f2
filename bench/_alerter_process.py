"""The alerter as a process of its own (`python -m services.alerter`, so its CPU is its own), with the plan it reads:
one signed webhook channel, group_wait 0, group_interval 5m; its log (WARNING and up) counted when it stops."""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import yaml

from bench._monitor_world import ROOT

SECRET_ENV, SECRET = "BENCH_HOOK_SECRET", "bench-signing-secret"


def plan_yaml(receiver_url: str, group_interval: str = "5m") -> str:
    """One webhook channel (signed), group_wait 0, group_interval 5m: every deployment is a new group, sent at once."""
    service = {"kind": "job", "deploy": ["true"]}
    return yaml.safe_dump(
        {
            "version": 1,
            "environments": {"production": {}, "staging": {}},
            "services": {"db": service, "api": {**service, "depends_on": ["db"]}},
            "alerting": {
                "channels": {
                    "hook": {"type": "webhook", "url": f"{receiver_url}/hook", "secret": "${" + SECRET_ENV + "}"}
                },
                "group_wait": "0s",
                "group_interval": group_interval,
            },
        },
        sort_keys=False,
    )


@contextlib.contextmanager
def alerter_process(
    redis_url: str,
    port: int,
    plan_file: Path,
    within_s: float = 60,
    prefix: str = "flightdeck",
    profile: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m services.alerter` until the block ends (SIGTERM, then SIGKILL); its log (WARNING and up) is shown
    at the end, counted, when it wrote anything. With `profile`, it runs under pyinstrument (`pip install
    pyinstrument` into .venv first), which writes its call tree as text there when the alerter exits."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        "FLIGHTDECK_PLAN_FILE": str(plan_file),
        "FLIGHTDECK_STREAM_PREFIX": prefix,
        SECRET_ENV: SECRET,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    with tempfile.NamedTemporaryFile(prefix="flightdeck-alerter-", suffix=".log") as log:
        under = ["-m", "pyinstrument", "-r", "text", "-o", str(profile)] if profile else []
        process = subprocess.Popen(
            [sys.executable, *under, "-m", "services.alerter"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_ready(f"http://127.0.0.1:{port}/health/ready", process, within_s)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
                print("  !! the alerter had not exited 20 s after SIGTERM: killed", file=sys.stderr)
            _show_log(Path(log.name).read_text(errors="replace").splitlines())


def _wait_ready(url: str, process: subprocess.Popen[bytes], within_s: float) -> None:
    deadline = time.monotonic() + within_s
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        if process.poll() is not None:
            raise RuntimeError(f"the alerter exited with code {process.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the alerter was not ready at {url} after {within_s:g} s")
        time.sleep(0.1)


def _show_log(lines: list[str], top: int = 6) -> None:
    """The log counted by level and first line of message, with the last line of its error (traceback)."""
    if not lines:
        return
    kinds: dict[str, int] = {}
    for line in lines:
        try:
            record = json.loads(line)
            error = str(record.get("error") or "").strip().splitlines()
            kind = f"{record.get('level')}: {str(record.get('msg')).splitlines()[0][:90]}" + (
                f"  <- {error[-1][:120]}" if error else ""
            )
        except (ValueError, AttributeError, IndexError):
            kind = f"(plain) {line.strip()[:160]}"
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"  alerter log: {len(lines)} lines (WARNING and up)", file=sys.stderr)
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1])[:top]:
        print(f"    {count:6d} x {kind}", file=sys.stderr)
    sys.stderr.flush()
