"""Alerter against Prometheus Alertmanager, side by side in one run: the same alert stream (one alert per group,
group_wait 0, group_interval 1s on both), through Alertmanager's HTTP API and through our event stream, delivered
to the same kind of local webhook receiver (one per side, in this process).

`.venv/bin/python bench/vs_alertmanager.py [--seconds S] [--ramp-seconds S]` starts our own redis-server, one and
then two alerter processes (`python -m services.alerter`) and Debian's prometheus-alertmanager (installed when
missing), all on free ports. For each side: a warm-up, 200/s and 1,000/s phases (event to delivery p50/p99/max, CPU
of the side's process per notification, lost and duplicates), then a ramp to its highest sustained rate (nothing
lost, p99 < 1 s, at least 95% of the rate delivered); ours with one replica and with two. Ends with one JSON line.
"""

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis

from bench._alerter_load import LoadPhase, Sink, paced, receiver
from bench._alerter_process import alerter_process, plan_yaml
from bench._alerter_report import sustained
from bench._alertmanager import Feeder, alertmanager
from bench._common import quiet_logs
from bench._figures import say
from bench._monitor_world import cpu_s
from bench._vs_report import Side, show, summary
from shared.bus.publisher import EventPublisher
from shared.events import DeploymentFailed
from shared.events.deployment import DeploymentFailedPayload
from shared.ports import free_port
from shared.redis_process import redis_server
from shared.streams import Keys

RAMP = (1200, 1600, 2000, 2500, 3000, 4000, 5000)
RAMP_LOW = (250, 300, 400, 500, 600, 800)
DRAIN_S = 8.0


async def measure(
    name: str, send: Callable[[str], Awaitable[object]], pids: list[int], port: int, args: argparse.Namespace
) -> Side:
    sink, side, tag = Sink(), Side(name), name.replace(" ", "-")
    cpu = lambda: {"side": sum(cpu_s(pid) for pid in pids)}  # noqa: E731

    async def phase(label: str, rate: float, seconds: float) -> LoadPhase:
        done = await paced(LoadPhase(label, rate), seconds, send, sink, f"{tag}-{label}-{rate:g}", DRAIN_S, cpu)
        say(f"  {name:<12}{done.line()}")
        await sink.quiet()  # a backlog the phase left is worked off before the next one starts
        return done

    async with receiver(sink, port):
        await phase("warm-up", 200, 3)
        side.at_200 = await phase("200/s", 200, args.seconds)
        side.at_1000 = await phase("1000/s", 1000, args.seconds)
        best = 1000.0 if sustained(side.at_1000) else 0.0
        for rate in RAMP if best else RAMP_LOW:
            step = await phase("ramp", rate, args.ramp_seconds)
            if not sustained(step):
                break
            best = rate
        if not best and sustained(side.at_200):
            best = 200.0
        side.max_sustained = best
    side.duplicates = sink.duplicates
    return side


async def ours(url: str, replicas: int, folder: Path, args: argparse.Namespace) -> Side:
    hook = free_port()
    plan = folder / f"flightdeck-{replicas}.yaml"
    plan.write_text(plan_yaml(f"http://127.0.0.1:{hook}", group_interval="1s"))
    redis = Redis.from_url(url)
    publisher = EventPublisher(redis, Keys(f"vs{replicas}"), producer="bench")
    payload = DeploymentFailedPayload(reason="api did not become healthy", failed_services=["api"])

    async def fire(key: str) -> None:
        await publisher.publish(DeploymentFailed(deployment_id=key, environment="production", payload=payload))

    with contextlib.ExitStack() as stack:
        processes = [
            stack.enter_context(alerter_process(url, free_port(), plan, prefix=f"vs{replicas}", profile=profile))
            for profile in ([args.profile] if replicas == 1 else [None, None])
        ]
        try:
            return await measure(f"ours x{replicas}", fire, [p.pid for p in processes], hook, args)
        finally:
            await redis.aclose()


async def theirs(folder: Path, args: argparse.Namespace) -> Side:
    hook, port = free_port(), free_port()
    with alertmanager(folder, port, f"http://127.0.0.1:{hook}/am", "1s") as process:
        feeder = Feeder(port)
        try:
            return await measure("alertmanager", feeder.fire, [process.pid], hook, args)
        finally:
            await feeder.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="each measured phase (default 10)")
    parser.add_argument("--ramp-seconds", type=float, default=6.0, help="each ramp step (default 6)")
    parser.add_argument("--profile", type=Path, help="run our single replica under pyinstrument, its tree to PROFILE")
    parser.add_argument("--only", choices=("ours", "am"), help="measure one side only (for profiling)")
    args = parser.parse_args()
    quiet_logs()
    started = time.perf_counter()
    with redis_server() as url, tempfile.TemporaryDirectory(prefix="flightdeck-vs-am-") as folder:
        say(f"alerter vs Alertmanager: our redis at {url}")
        am = asyncio.run(theirs(Path(folder), args)) if args.only != "ours" else Side("alertmanager")
        one = asyncio.run(ours(url, 1, Path(folder), args)) if args.only != "am" else Side("ours x1")
        two = asyncio.run(ours(url, 2, Path(folder), args)) if args.only is None else Side("ours x2")
    found = summary(one, two, am)
    show(found)
    say(f"\ntotal {time.perf_counter() - started:.1f}s")
    print(json.dumps(found), flush=True)


if __name__ == "__main__":
    main()
