"""The rollback benchmark's world: its plan, the services as processes, a stream follower that passes health gates at
once (for the monitor), and the two-hop floor's relays (`python bench/_rollback_world.py URL SRC DST` runs one)."""

import contextlib
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import cast

import httpx
import redis
import yaml
from redis.asyncio import Redis

from bench._streams import Reply, Written
from shared.bus.codec import DATA_FIELD

ROOT = Path(__file__).resolve().parent.parent
DECIDE, WIDE, SOLO = "decide", "wide", "solo"  # environments; the decision runs deploy the one service SOLO
WAVES, WIDTH, GROUP = 4, 5, "relay"  # GROUP: the relays' consumer group
WIDE_SERVICES = [f"w{k}-{i}" for k in range(WAVES) for i in range(WIDTH)]
PYTHONPATH = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)


def plan_yaml(bake: str) -> str:
    """Backends deployed with `true` (wave k of the 20 depends on all of wave k-1); the ready URL is never probed."""
    ready = "http://127.0.0.1:9/{service}/health/ready"
    services: dict[str, dict[str, object]] = {SOLO: {}} | {
        name: {"depends_on": WIDE_SERVICES[(n // WIDTH - 1) * WIDTH : n // WIDTH * WIDTH] if n >= WIDTH else []}
        for n, name in enumerate(WIDE_SERVICES)
    }
    return yaml.safe_dump(
        {
            "version": 1,
            "environments": {DECIDE: {}, WIDE: {}},
            "services": services,
            "defaults": {
                "deploy": ["true"],
                "timeouts": {"deploy": "5m", "rollback": "5m"},
                "rollback_policy": {"bake_time": bake},
                "health": {"ready": ready, "passes_to_ready": 1, "gate_timeout": "30m"},
            },
        },
        sort_keys=False,
    )


@contextlib.contextmanager
def service_process(module: str, redis_url: str, port: int, plan_file: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m services.NAME` until the block ends (SIGTERM, then SIGKILL); its log (WARNING and up) summarized."""
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FLIGHTDECK_HTTP_PORT": str(port),
        "FLIGHTDECK_LOG_LEVEL": "WARNING",
        "FLIGHTDECK_PLAN_FILE": str(plan_file),
        "PYTHONPATH": PYTHONPATH,
    }
    name = module.rsplit(".", 1)[-1]
    with tempfile.NamedTemporaryFile(prefix=f"flightdeck-{name}-", suffix=".log") as log:
        process = subprocess.Popen([sys.executable, "-m", module], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while not _ready(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} not ready (exit code {process.poll()})")
                time.sleep(0.1)
            yield process
        finally:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
            if process.poll() is None:
                print(f"  !! {name} had not exited 20 s after SIGTERM: killed", file=sys.stderr)
                process.kill()
                process.wait(timeout=10)
            lines = Path(log.name).read_text(errors="replace").splitlines()  # JSON: level and message, digits as N
            for kind, count in Counter(
                re.sub(r"\d+", "N", ": ".join(re.findall(r'"(?:level|msg)": "([^"]{,80})', line)) or line[:100])
                for line in lines
            ).most_common(4):
                print(f"  {name} log (WARNING and up): {count:4d} x {kind}", file=sys.stderr)


def _ready(port: int) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=2).status_code == 200
    return False


@contextlib.contextmanager
def relays(url: str, hops: int = 2) -> Iterator[list[str]]:
    """One relay process per hop (XREADGROUP BLOCK, then XADD + XACK in one pipeline); yields the streams."""
    streams = [f"bench:floor:{i}" for i in range(hops + 1)]
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, url, src, dst], cwd=ROOT, env={**os.environ, "PYTHONPATH": PYTHONPATH}
        )
        for src, dst in pairwise(streams)
    ]
    try:
        yield streams
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


async def round_trips(url: str, streams: list[str], body: bytes, count: int) -> list[float]:
    """`count` entries one at a time: XADD to the first stream, XREAD BLOCK until it comes out of the last (ms)."""
    last, times = b"0-0", []
    async with Redis.from_url(url) as client:
        for _ in range(count):  # one in flight at a time, so the next entry out is the one just sent
            started = time.perf_counter()
            await client.xadd(streams[0], {DATA_FIELD: body})
            if not (reply := cast(Reply, await client.xread({streams[-1]: last}, count=1, block=5000))):
                raise SystemExit("relay floor: an entry did not come through within 5 s")
            last = reply[0][1][0][0]
            times.append((time.perf_counter() - started) * 1000)
    return times


def relay(url: str, src: str, dst: str) -> None:
    client = redis.Redis.from_url(url)
    client.xgroup_create(src, GROUP, id="0", mkstream=True)
    while True:  # until SIGTERM
        for _, rows in cast(Reply, client.xreadgroup(GROUP, "r", {src: ">"}, count=100, block=1000)) or []:
            pipe = client.pipeline(transaction=False)
            for entry_id, fields in rows:
                pipe.xadd(dst, cast(Written, fields))
                pipe.xack(src, GROUP, entry_id)
            pipe.execute()


if __name__ == "__main__":
    relay(*sys.argv[1:4])
