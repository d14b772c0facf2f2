"""Alerter benchmark: deployment-failed events in -> webhook notification at a local receiver, group_wait 0.

Run from the repository root: `.venv/bin/python bench/alerter.py`. It starts its own redis-server, an aiohttp receiver
(in this process) and the alerter as `python -m services.alerter` (its own process and CPU) with a plan of one signed
webhook channel, group_wait 0s, group_interval 5m and the default group_by (environment, deployment_id), so every event
is a new group whose first message goes out at once (bench/_alerter_process.py). Each event is a critical
deployment-failed for a new deployment in production, published with EventPublisher on an absolute schedule; latency
is the receiver's arrival time minus the publish time (time.time() on both sides). Phases: warm-up (discarded); the
floors, at the same rate and receiver: an httpx POST of a similar body, and a Redis XADD -> XREADGROUP round trip;
200 events/s for 15 s (p50/p99/max, lost after a 10 s drain); then a ramp until a rate is not sustained (something
lost, p99 >= 1 s, or delivered < 95 % of the rate). Targets (issue): p99 < 50 ms at 200 events/s with nothing lost,
critical alerts delivered within 1 s (p99). For scale, Prometheus Alertmanager 0.25 on this machine delivers a new
group's webhook in ~1 ms p50, 2.5 ms p99 at 200 alerts/s (without persisting its alerts). Ends with one JSON line.
"""

import asyncio
import contextlib
import json
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
from redis.asyncio import Redis

from bench._alerter_load import LoadPhase, Sink, paced, receiver, stream_reader
from bench._alerter_process import alerter_process, plan_yaml
from bench._alerter_report import RATE_SHARE, SUSTAINED_P99_MS, AlerterSummary, show, summarise, sustained
from bench._common import quiet_logs
from bench._figures import say
from bench._monitor_world import child_pid, cpu_s
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentFailed
from shared.events.deployment import DeploymentFailedPayload
from shared.redis_process import free_port, redis_server
from shared.streams import Keys

RATE, SECONDS, WARMUP_S, BASELINE_S, RAMP_S, DRAIN_S = 200.0, 15.0, 3.0, 10.0, 8.0, 10.0
RAMP_UP, RAMP_DOWN = (250, 300, 350, 400, 500, 600, 800, 1000, 1200, 1600, 2000), (150, 100, 50)


class AlerterBench:
    def __init__(self, redis_url: str, hook_port: int, alerter_pid: int) -> None:
        self.redis_url, self.redis = redis_url, Redis.from_url(redis_url)
        self.publisher = EventPublisher(self.redis, Keys(), producer="bench")
        self.sink, self.run, self.hook_port = Sink(), secrets.token_hex(3), hook_port
        self.pids = {"alerter": alerter_pid, "bench": os.getpid()}
        if (redis_pid := child_pid("redis-server")) is not None:
            self.pids["redis"] = redis_pid

    def cpu(self) -> dict[str, float]:
        return {name: cpu_s(pid) for name, pid in self.pids.items()}

    async def fire(self, key: str) -> None:
        await self.publisher.publish(
            DeploymentFailed(
                deployment_id=key,
                environment="production",
                producer="bench",
                payload=DeploymentFailedPayload(reason="api did not become healthy", failed_services=["api"]),
            )
        )

    async def phase(
        self, label: str, rate: float, seconds: float, send: Callable[[str], Awaitable[object]] | None = None
    ) -> LoadPhase:
        say(f"  .. {label}: {round(rate * seconds):,} at {rate:g}/s over {seconds:g} s")
        prefix = f"bench-{self.run}-{label.split()[0]}-{rate:g}"
        done = await paced(LoadPhase(label, rate), seconds, send or self.fire, self.sink, prefix, DRAIN_S, self.cpu)
        say(done.line())
        await asyncio.sleep(1.0)  # let the alerter settle (sent records, alert-sent events) before the next phase
        return done

    async def baselines(self) -> tuple[LoadPhase, LoadPhase]:
        template = json.loads(self.sink.last_body or b"{}")
        url = f"http://127.0.0.1:{self.hook_port}/direct"

        def body(key: str) -> bytes:
            return json.dumps({**template, "deployment_id": key}, separators=(",", ":")).encode()

        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64)) as client:

            async def post(key: str) -> None:
                (
                    await client.post(url, content=body(key), headers={"Content-Type": "application/json"})
                ).raise_for_status()

            http = await self.phase("http floor", RATE, BASELINE_S, post)
        stream = f"bench:{self.run}:rtt"
        reader = Redis.from_url(self.redis_url)
        reading = asyncio.create_task(stream_reader(reader, stream, self.sink))
        await asyncio.sleep(0.2)
        try:
            rtt = await self.phase(
                "redis floor", RATE, BASELINE_S, lambda key: self.redis.xadd(stream, {"k": key, "data": body(key)})
            )
        finally:
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reading
            await reader.aclose()
        return http, rtt

    async def ramp(self, main: LoadPhase) -> tuple[float, list[LoadPhase]]:
        best, steps = (main.rate if sustained(main) else 0.0), []
        for rate in RAMP_UP if sustained(main) else RAMP_DOWN:
            step = await self.phase("ramp", rate, RAMP_S)
            steps.append(step)
            if sustained(step):
                best = max(best, rate)
                if not sustained(main):
                    break
            elif sustained(main):
                break
        return best, steps


async def bench(redis_url: str, hook_port: int, alerter_pid: int) -> AlerterSummary:
    """The phases, one after the other, summarised."""
    b = AlerterBench(redis_url, hook_port, alerter_pid)
    async with receiver(b.sink, hook_port):
        say(f"\nwarm-up: {WARMUP_S:g} s at {RATE:g}/s (not counted)")
        await b.phase("warm-up", RATE, WARMUP_S)
        say(f"\nfloors at {RATE:g}/s to the same receiver")
        http, rtt = await b.baselines()
        say(f"\nalerter at {RATE:g}/s for {SECONDS:g} s (drain {DRAIN_S:g} s)")
        main = await b.phase("alerter 200/s", RATE, SECONDS)
        say(
            f"\nramp: {RAMP_S:g} s per rate until one is not sustained (lost, p99 >= {SUSTAINED_P99_MS:g} ms, or "
            f"delivered < {RATE_SHARE:.0%} of the rate)"
        )
        best, steps = await b.ramp(main)
        await b.redis.aclose()
    return summarise(main, http, rtt, best, steps, b.sink.duplicates)


def main() -> None:
    quiet_logs()
    started = time.perf_counter()
    hook_port = free_port()
    with redis_server() as url, tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as folder:
        plan = Path(folder) / "flightdeck.yaml"
        plan.write_text(plan_yaml(f"http://127.0.0.1:{hook_port}"))
        say(
            f"alerter benchmark: Python {platform.python_version()}, redis at {url}, receiver on port {hook_port}, "
            f"{os.cpu_count()} cores"
        )
        with alerter_process(url, free_port(), plan) as alerter:
            say(f"  alerter (pid {alerter.pid}) ready after {time.perf_counter() - started:.1f} s")
            summary = asyncio.run(bench(url, hook_port, alerter.pid))
    show(summary)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(summary.to_json()), flush=True)


if __name__ == "__main__":
    main()
