"""The rollback benchmark's world: its plan, the services as processes, a stream follower that passes health gates at
once (for the monitor), and the two-hop floor's relays (`python bench/_rollback_world.py URL SRC DST` runs one)."""

import asyncio
import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import httpx
import redis
import yaml
from redis.asyncio import Redis

from shared.bus.codec import DATA_FIELD
from shared.bus.publisher import EventPublisher
from shared.events import HealthGatePassed
from shared.streams import Keys

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


@dataclass(frozen=True)
class Seen:
    read_at: float  # perf_counter when the follower read it
    data: dict  # type: ignore[type-arg]  # the event's JSON
    entry_id: tuple[int, ...]


class Follower:
    """XREAD BLOCK on the events stream: each event noted as read; the health gates of a batch passed at once."""

    def __init__(self, redis: Redis, stream: str) -> None:
        self.redis, self.stream, self.publisher = redis, stream, EventPublisher(redis, Keys(), producer="bench-gates")
        self.seen: dict[str, list[Seen]] = {}
        self.changed, self.gates = asyncio.Condition(), 0

    async def follow(self) -> None:
        last = (await self.redis.xrevrange(self.stream, count=1) or [(b"0-0", {})])[0][0]
        while True:
            reply = await self.redis.xread({self.stream: last}, count=1000, block=1000)
            at, gates = time.perf_counter(), []
            for _, rows in reply or ():
                for entry_id, fields in rows:
                    last, data = entry_id, json.loads(fields[DATA_FIELD])
                    self.seen.setdefault(data.get("deployment_id") or "", []).append(Seen(at, data, _id(entry_id)))
                    if data["type"] == "health-gate-requested":
                        gates.append(data)
            if gates:
                self.gates += len(gates)
                await self.publisher.publish_many(
                    [
                        HealthGatePassed(
                            deployment_id=g["deployment_id"],
                            environment=g["environment"],
                            service=g["service"],
                            correlation_id=g.get("correlation_id"),
                            causation_id=g["event_id"],
                            payload={
                                "version": (v := g["payload"].get("expected_version")),
                                "waited_s": 0.0,
                                "evidence": [{"ok": True, "version": v}],
                            },
                        )
                        for g in gates
                    ]
                )
            if reply:
                async with self.changed:
                    self.changed.notify_all()

    def find(self, deployment_id: str, *types: str) -> Seen | None:
        return next((s for s in self.seen.get(deployment_id, ()) if s.data["type"] in types), None)

    async def first(self, deployment_id: str, *types: str, within: float = 30.0) -> Seen:
        """The first event of one of `types` for the deployment, waiting for it up to `within` seconds."""
        async with self.changed:
            try:
                await asyncio.wait_for(self.changed.wait_for(lambda: self.find(deployment_id, *types)), within)
            except TimeoutError:
                trail = [s.data["type"] for s in self.seen.get(deployment_id, ())]
                raise SystemExit(f"{deployment_id}: no {'/'.join(types)} within {within:g} s; seen {trail}") from None
        return self.find(deployment_id, *types)  # type: ignore[return-value]

    async def handled(self, group: str, seen: Seen, within: float = 10.0) -> None:
        """Until consumer group `group` has read past `seen` and acknowledged all it read (its handlers returned)."""
        for _ in range(int(within * 1000)):  # 1 ms apart, at least
            info = next(g for g in await self.redis.xinfo_groups(self.stream) if g["name"] in (group, group.encode()))
            if info["pending"] == 0 and _id(info["last-delivered-id"]) >= seen.entry_id:
                return
            await asyncio.sleep(0.001)
        raise SystemExit(f"the {group} group had not handled {seen.data['type']} within {within:g} s")


def _id(entry_id: bytes | str) -> tuple[int, ...]:
    return tuple(map(int, (entry_id.decode() if isinstance(entry_id, bytes) else entry_id).split("-")))


@contextlib.asynccontextmanager
async def following(url: str, stream: str) -> AsyncIterator[Follower]:
    follower = Follower(Redis.from_url(url), stream)
    task = asyncio.create_task(follower.follow())
    await asyncio.sleep(0.1)  # its first XREAD is out
    try:
        yield follower
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await follower.redis.aclose()


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
            if not (reply := await client.xread({streams[-1]: last}, count=1, block=5000)):
                raise SystemExit("relay floor: an entry did not come through within 5 s")
            last = reply[0][1][0][0]
            times.append((time.perf_counter() - started) * 1000)
    return times


def relay(url: str, src: str, dst: str) -> None:
    client = redis.Redis.from_url(url)
    client.xgroup_create(src, GROUP, id="0", mkstream=True)
    while True:  # until SIGTERM
        for _, rows in client.xreadgroup(GROUP, "r", {src: ">"}, count=100, block=1000) or []:
            pipe = client.pipeline(transaction=False)
            for entry_id, fields in rows:
                pipe.xadd(dst, fields).xack(src, GROUP, entry_id)
            pipe.execute()


if __name__ == "__main__":
    relay(*sys.argv[1:4])
