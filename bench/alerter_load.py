"""The alerter benchmark's pieces: the plan, the alerter as its own process, a receiver that notes arrival times,
a Redis XADD -> XREADGROUP reader, and the paced phase (sends on an absolute schedule, waits for every arrival)."""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml
from aiohttp import web
from redis.asyncio import Redis

from bench._monitor_world import ROOT
from shared.stats import percentile

SECRET_ENV, SECRET = "BENCH_HOOK_SECRET", "bench-signing-secret"


def plan_yaml(receiver_url: str) -> str:
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
                "group_interval": "5m",
            },
        },
        sort_keys=False,
    )


@contextlib.contextmanager
def alerter_process(redis_url: str, port: int, plan_file: Path, within_s: float = 60) -> Iterator[subprocess.Popen]:
    """`python -m services.alerter` until the block ends (SIGTERM, then SIGKILL); its log (WARNING and up) is shown
    at the end, counted, when it wrote anything."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        "FLIGHTDECK_PLAN_FILE": str(plan_file),
        SECRET_ENV: SECRET,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    with tempfile.NamedTemporaryFile(prefix="flightdeck-alerter-", suffix=".log") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.alerter"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
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


def _wait_ready(url: str, process: subprocess.Popen, within_s: float) -> None:
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


class Sink:
    """Where arrivals land: key -> first arrival (time.time()), with duplicates counted."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.duplicates = 0
        self.last_body: bytes = b""

    def note(self, key: str, at: float) -> None:
        if key in self.arrived:
            self.duplicates += 1
            return
        self.arrived[key] = at

    async def wait_all(self, keys: list[str], until: float, poll_s: float = 0.02) -> None:
        """Until every key arrived or the time.time() deadline passed."""
        missing = [k for k in keys if k not in self.arrived]
        while missing and time.time() < until:
            await asyncio.sleep(poll_s)
            missing = [k for k in missing if k not in self.arrived]


@contextlib.asynccontextmanager
async def receiver(sink: Sink, port: int):  # type: ignore[no-untyped-def]
    """An aiohttp server on `port`; every POST's body JSON names its key in "deployment_id". Yields its URL."""

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        at = time.time()
        sink.last_body = body
        sink.note(str(json.loads(body).get("deployment_id")), at)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def stream_reader(redis: Redis, stream: str, sink: Sink) -> None:
    """XREADGROUP (BLOCK) on `stream`, each entry's "k" noted on arrival, acknowledged; runs until cancelled."""
    await redis.xgroup_create(stream, "bench", id="$", mkstream=True)
    while True:
        for _, entries in await redis.xreadgroup("bench", "reader", {stream: ">"}, count=100, block=1000) or []:
            at = time.time()
            for _, fields in entries:
                sink.note(fields[b"k"].decode(), at)
            await redis.xack(stream, "bench", *(entry_id for entry_id, _ in entries))


@dataclass
class Phase:
    label: str
    rate: float
    sent: dict[str, float] = field(default_factory=dict)
    kept: float = 0.0  # the send rate actually kept
    latencies_ms: list[float] = field(default_factory=list)
    lost: int = 0
    delivered_eps: float = 0.0  # arrivals over [first send, last arrival]
    cpu: dict[str, float] = field(default_factory=dict)  # cores used by each process while sending

    def q(self, p: float) -> float:
        value = percentile(self.latencies_ms, p)
        return float("nan") if value is None else value

    def line(self) -> str:
        return (
            f"  {self.label:<22} sent {len(self.sent):5d} at {self.kept:7.1f}/s  p50 {self.q(50):8.2f} ms  "
            f"p99 {self.q(99):8.2f} ms  max {max(self.latencies_ms, default=float('nan')):8.2f} ms  "
            f"lost {self.lost}  delivered {self.delivered_eps:7.1f}/s"
            + "".join(f"  {k} {v:.2f}c" for k, v in self.cpu.items())
        )


async def paced(
    phase: Phase,
    seconds: float,
    send: Callable[[str], Awaitable[object]],
    sink: Sink,
    prefix: str,
    drain_s: float,
    cpu: Callable[[], dict[str, float]],
) -> Phase:
    """Sends rate x seconds keys on an absolute schedule (send(key) after its publish time is noted), then waits up to
    drain_s after the last send for every key to arrive."""
    count, started, cpu0 = round(phase.rate * seconds), time.perf_counter(), cpu()
    wall0 = time.time()
    for n in range(count):
        delay = started + n / phase.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        key = f"{prefix}-{n}"
        phase.sent[key] = time.time()
        await send(key)
    phase.kept = count / max(1e-9, time.perf_counter() - started)
    wall, cpu1 = time.time() - wall0, cpu()  # over the sending, so a drain after an overload does not dilute it
    phase.cpu = {name: (cpu1[name] - cpu0[name]) / wall for name in cpu1}
    keys = list(phase.sent)
    await sink.wait_all(keys, time.time() + drain_s)
    got = [k for k in keys if k in sink.arrived]
    phase.lost = count - len(got)
    phase.latencies_ms = [(sink.arrived[k] - phase.sent[k]) * 1000 for k in got]
    if got:
        phase.delivered_eps = len(got) / max(1e-9, max(sink.arrived[k] for k in got) - phase.sent[keys[0]])
    return phase
