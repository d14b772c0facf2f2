"""Verification benchmark: 20 services with 5 smoke checks each and a 500-request load per service, against local
servers, by the verifier (services/rollback/verification) and by a plain aiohttp client loop making the same
requests in the same run (bench/_verify_raw.py).

`.venv/bin/python bench/verify.py [--services N] [--requests N] [--concurrency N] [--rounds N]` starts our own
redis-server (the baselines) and one server process for the fleet (bench/_verify_server.py), both on free ports.
Each round runs the raw loop then the verifier; the figures are the medians over rounds. Overhead per request is
the verifier's CPU time minus the raw loop's, over the requests made. Targets: overhead under 0.5 ms per request,
load generation within 1.5x of the raw client's requests per second (load_ratio_vs_raw = raw rps / our rps).
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis

from bench._figures import say
from bench._own_redis import run_on_own_redis
from bench._verify_raw import raw_run
from bench._verify_report import SMOKES, Round, Summary, show
from services.rollback.verification.baselines import Baselines
from services.rollback.verification.checks import Target
from services.rollback.verification.runner import run
from shared.plan.services import Service
from shared.ports import free_run
from shared.streams import Keys


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def targets(base: int, services: int, requests: int, concurrency: int, version: str) -> list[Target]:
    made = []
    for index in range(services):
        url = f"http://127.0.0.1:{base + index}/v1/item"
        smoke = [
            {
                "url": f"{url}/{n}",
                "expect": {"json": [{"path": "data.id", "equals": n}], "headers": {"content-type": "json"}},
            }
            for n in range(SMOKES)
        ]
        performance = {"requests": requests, "concurrency": concurrency, "duration": "120s"}
        settings = Service.model_validate(
            {"deploy": ["true"], "verification": {"smoke": smoke, "performance": performance}}
        )
        made.append(Target("bench", f"s{index:02}", version, "1.0", settings))
    return made


async def bench(args: argparse.Namespace, redis_url: str, base: int) -> Summary:
    redis = Redis.from_url(redis_url)
    try:
        baselines = Baselines(redis, Keys("bench-verify"))
        urls = [[f"http://127.0.0.1:{base + i}/v1/item/{n}" for n in range(SMOKES)] for i in range(args.services)]
        warm = targets(base, args.services, args.requests, args.concurrency, "1.0")
        await run(warm, [], baselines, {})  # warms both sides up, and records 1.0's baselines
        rounds = []
        for number in range(1, args.rounds + 1):
            started, cpu = time.perf_counter(), cpu_s()
            rates = await raw_run(urls, args.requests, args.concurrency)
            raw_s, raw_cpu = time.perf_counter() - started, cpu_s() - cpu
            chosen = targets(base, args.services, args.requests, args.concurrency, f"1.{number}")
            started, cpu = time.perf_counter(), cpu_s()
            results = await run(chosen, [], baselines, {})
            ours_s, ours_cpu = time.perf_counter() - started, cpu_s() - cpu
            ours = [f.current for r in results for f in r.figures if f.name == "requests_per_s"]
            failed = sum(not r.passed for r in results)
            rounds.append(
                Round(raw_s, raw_cpu, statistics.median(rates), ours_s, ours_cpu, statistics.median(ours), failed)
            )
            say(f"round {number}: {rounds[-1].line()}")
    finally:
        await redis.aclose()
    return Summary(args.services, args.services * (SMOKES + args.requests), rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500, help="the load's requests per service (default 500)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    base = free_run(args.services)
    script = str(Path(__file__).with_name("_verify_server.py"))
    server = subprocess.Popen([sys.executable, script, str(base), str(args.services)], stdout=subprocess.PIPE)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == b"ready", "the fleet did not start"

        async def go(redis_url: str, _folder: Path) -> Summary:
            return await bench(args, redis_url, base)

        run_on_own_redis("verify", go, show)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
