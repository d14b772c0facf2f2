"""The monitor as a process of its own (`python -m services.monitor`), so its CPU is its own; its log (WARNING and up)
goes to a file, summarized when it stops: lines counted by level and message, with the last line of a traceback."""

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bench._monitor_world import ROOT, wait_listening


@contextlib.contextmanager
def monitor_process(redis_url: str, http_port: int, plan_file: Path | None) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m services.monitor`, its log (WARNING and up) to a file that is shown if anything was logged.
    Without `plan_file` the monitor reads the plan from Redis (PlanStore), as it does in production."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(http_port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    env.pop("FLIGHTDECK_PLAN_FILE", None)
    if plan_file is not None:
        env["FLIGHTDECK_PLAN_FILE"] = str(plan_file)
    with tempfile.NamedTemporaryFile(prefix="flightdeck-monitor-", suffix=".log") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.monitor"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_listening(http_port, process, within=60)
            yield process
        finally:
            stop_monitor(process)
            summarize_log(Path(log.name).read_text(errors="replace").splitlines())


def stop_monitor(process: subprocess.Popen[bytes], within_s: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `within_s` (said, as it is a finding of its own)."""
    started = time.monotonic()
    process.terminate()
    try:
        process.wait(timeout=within_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        print(f"  !! the monitor had not exited {within_s:g} s after SIGTERM: killed", file=sys.stderr, flush=True)
        return
    if time.monotonic() - started > 2:
        print(f"  the monitor took {time.monotonic() - started:.1f} s to exit after SIGTERM", file=sys.stderr)


def summarize_log(lines: list[str], top: int = 6) -> None:
    """The monitor's log, counted by level and message (JSON lines) with the last line of each kind's traceback;
    plain text (a traceback printed outside the JSON log) counted by its last line."""
    if not lines:
        return
    kinds: Counter[str] = Counter()
    last_error: dict[str, str] = {}
    plain: list[str] = []
    for line in [*lines, "{}"]:
        try:
            record = json.loads(line)
        except ValueError:
            plain.append(line)
            continue
        if plain:
            kinds[f"plain text, {len(plain)} lines ending: {plain[-1].strip()[:160]}"] += 1
            plain = []
        if not record:
            continue
        message = (str(record.get("msg", "")).splitlines() or [""])[0][:160]
        kind = re.sub(r"bench/svc-\d+", "bench/svc-N", f"{record.get('level')}: {message}")
        if record.get("error"):
            last_error[kind] = str(record["error"]).strip().splitlines()[-1][:160]
        kinds[kind] += 1
    print(f"  monitor log: {len(lines)} lines", file=sys.stderr)
    for kind, count in kinds.most_common(top):
        print(f"    {count:6d} x {kind}" + (f"  <- {last_error[kind]}" if kind in last_error else ""), file=sys.stderr)
    sys.stderr.flush()
