"""The dashboard as a process of its own (`python -m services.dashboard`, so its CPU is its own) on a plan of the
history's environments and services, with a viewer and an API token made in Redis first; started after the history
is seeded, and waited for until its read model is built (/health/ready) and its consumer group has caught up.

The group is created at the end of the seeded stream before the process starts, as if the dashboard had been
running while the history happened and only its read model was lost: the rebuild folds the whole history, and the
group does not fold it a second time (a new group starts at the stream's beginning, doubling that work)."""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import httpx
import yaml
from redis.asyncio import Redis

from bench._dashboard_history import ENVIRONMENTS
from bench._dashboard_logs import SERVICES
from bench._monitor_world import ROOT
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.keys.auth import AuthKeys
from shared.streams import Keys

GROUP = "dashboard"
PASSWORD = "bench viewer password"


def plan_yaml() -> str:
    service = {"kind": "job", "deploy": ["true"]}
    return yaml.safe_dump(
        {"version": 1, "environments": {e: {} for e in ENVIRONMENTS}, "services": {s: service for s in SERVICES}},
        sort_keys=False,
    )


async def viewer_token(redis: Redis) -> str:
    """A viewer of every environment and a token of theirs; the token's secret."""
    keys, now = AuthKeys.of(Keys()), datetime.now(UTC)
    await UserStore(redis, keys).add("bench", "viewer", PASSWORD, now, ("*",))
    made = await TokenStore(redis, keys).create("bench", "bench", "viewer", ("*",), now, None)
    return made.secret


async def group_at_end(redis: Redis) -> None:
    await redis.xgroup_create(Keys().events, GROUP, id="$", mkstream=True)


@contextlib.contextmanager
def dashboard_process(redis_url: str, port: int, plan_file: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The process until the block ends (SIGTERM, then SIGKILL); its log (WARNING and up) shown if it wrote any."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        "FLIGHTDECK_PLAN_FILE": str(plan_file),
        "FLIGHTDECK_STREAM_MAXLEN": "10000000",  # the whole seeded history stays on the stream for the rebuild
        "FLIGHTDECK_DASHBOARD_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    with tempfile.NamedTemporaryFile(prefix="flightdeck-dashboard-", suffix=".log") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.dashboard"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            lines = Path(log.name).read_text(errors="replace").splitlines()
            if lines:
                print(f"  dashboard log: {len(lines)} lines (WARNING and up), the last ones:", file=sys.stderr)
                for line in lines[-5:]:
                    print(f"    {line[:240]}", file=sys.stderr)


async def wait_built(
    url: str, redis: Redis, process: subprocess.Popen[bytes], events: int, within_s: float = 1800
) -> float:
    """Seconds until /health/ready answers 200 and the group has nothing left to read; a progress line every few
    seconds with how far the rebuild has come."""
    started = time.perf_counter()
    shown = started
    async with httpx.AsyncClient(timeout=5) as client:
        while True:
            state = "starting"
            with contextlib.suppress(httpx.HTTPError):
                answer = await client.get(f"{url}/health/ready")
                if answer.status_code == 200 and await _caught_up(redis):
                    return time.perf_counter() - started
                state = json.dumps(answer.json().get("checks", answer.json()))[:160]
            if process.poll() is not None:
                raise RuntimeError(f"the dashboard exited with code {process.returncode} before it was ready")
            now = time.perf_counter()
            if now - started > within_s:
                raise RuntimeError(f"the dashboard was not ready after {within_s:g} s: {state}")
            if now - shown >= 5:
                shown = now
                print(f"      .. rebuild: {now - started:5.1f}s of {events:,} events: {state}", file=sys.stderr)
            await asyncio.sleep(0.25)


async def _caught_up(redis: Redis) -> bool:
    groups = cast(list[dict[str, object]], await redis.xinfo_groups(Keys().events))
    for group in groups:
        if group["name"] in (GROUP, GROUP.encode()):
            return not group.get("lag") and not group.get("pending")
    return False
