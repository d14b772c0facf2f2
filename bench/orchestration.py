"""Orchestration benchmark: 200 services in 10 layers of 20, then 1,000 in 10 layers of 100, instant commands and
instantly healthy endpoints. Run: `.venv/bin/python bench/orchestration.py [--runs N] [--widths 20,100]
[--profile [FILE]]`. It starts its own redis-server and a health endpoint (200 on every path), writes a synthetic
plan (each service of layer k depends on 2-3 of layer k-1; deploy ["true"]; one probe to be ready; no bake; 20
commands at once), and runs the coordinator in-process with a health-gate answerer (one real GET per gate). Each
run publishes one deploy-requested for every service and times it until deployment-succeeded is on the stream.
The critical path's lower bound is what the work needs if orchestration were free: layers x batches of 20 x (one
`true` spawn + one probe), both measured here. Targets: overhead at most 10 ms per service at 200 and at most
1.5x that at 1,000 (issue 18), whole run under 10 s (issue 4). Ends with one JSON line. Nothing here asserts."""

import argparse
import asyncio
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import _orchestration_world as world
from bench._common import quiet_logs
from bench._orchestration_health import health_endpoint
from bench._orchestration_profile import profiled, report
from bench._orchestration_report import (
    OrchestrationMeasurement,
    OrchestrationSummary,
    Runs,
    figures,
    growth,
    rss_mb,
    show,
    summarise,
)
from bench._orchestration_watch import StreamWatcher, Tracked, reporting, verdict, watching, wave_phases
from services.coordinator.app import DEFINITION
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested
from shared.events.deployment import DeployRequestedPayload
from shared.redis_process import redis_server
from shared.runtime.service import ServiceRuntime
from shared.settings import Settings
from shared.streams import Keys

LAYERS, WIDTHS = 10, (20, 100)
MAX_PARALLELISM = 20
RUNS = 3
RUN_TIMEOUT_S = 300.0


async def deploy(
    publisher: EventPublisher, watcher: StreamWatcher, label: str, number: int, services: int
) -> tuple[float, Tracked]:
    """Publishes one deploy-requested for every service (of a version no earlier size deployed); returns (seconds
    until it ended, its tally)."""
    version = f"{services}.0.{number}"
    deployment_id = f"bench-{services}-{version.replace('.', '-')}"
    tracked = watcher.track(deployment_id)
    request = DeployRequested(
        deployment_id=deployment_id,
        environment=world.ENVIRONMENT,
        payload=DeployRequestedPayload(version=version, requested_by="bench", reason=label),
    )
    started = time.perf_counter()
    await publisher.publish(request)
    async with reporting(label, tracked, LAYERS, services):
        try:
            await asyncio.wait_for(tracked.ended.wait(), RUN_TIMEOUT_S)
        except TimeoutError:
            raise SystemExit(f"{label}: not over after {RUN_TIMEOUT_S:g} s; seen {dict(tracked.counts)}") from None
    assert tracked.ended_at is not None
    return tracked.ended_at - started, tracked


async def deployments(
    url: str, plan_file: Path, urls: dict[str, str], client: httpx.AsyncClient, runs: int, profile: str | None
) -> Runs:
    services = len(urls)
    """The coordinator and the gate answerer in-process; `runs` deployments one after the other."""
    coordinator = ServiceRuntime(
        DEFINITION, Settings(redis_url=url, plan_file=str(plan_file), maintenance_interval=3600)
    )
    gates = ServiceRuntime(world.gate_answerer(urls, client), Settings(redis_url=url, maintenance_interval=3600))
    await coordinator.start()
    await gates.start()
    done = Runs()
    try:
        async with watching(url, Keys().events) as watcher:
            publisher = EventPublisher(coordinator.redis, Keys(), producer="bench")
            for run in range(1, runs + 1):
                cpu = time.process_time()
                total, tracked = await deploy(publisher, watcher, f"run {run}/{runs}", run - 1, services)
                done.cpus.append(time.process_time() - cpu)
                problem = verdict(tracked, services)
                if problem:
                    raise SystemExit(f"run {run} did not deploy everything: {problem}")
                done.totals.append(total)
                done.phases.append(wave_phases(tracked))
                c = tracked.counts
                print(
                    f"  run {run}/{runs}: {total:6.3f} s  ({c['stage-succeeded']} waves, "
                    f"{c['service-deploy-succeeded']} commands ok, {c['health-gate-passed']} gates passed; CPU of "
                    f"this process {done.cpus[-1]:.2f} s = {done.cpus[-1] / total:.0%} of the wall time)",
                    flush=True,
                )
            if profile is not None:
                with profiled(dump=profile) as measured:
                    await deploy(publisher, watcher, "profiled run", runs, services)
                print(report(measured, services), file=sys.stderr, flush=True)
    finally:
        await gates.stop()
        await coordinator.stop()
    return done


async def measure(url: str, health: str, width: int, runs: int, profile: str | None) -> OrchestrationMeasurement:
    graph = world.layered_graph(LAYERS, width)
    urls = {name: f"{health}/{name}/health/ready" for name in graph}
    edges = sum(len(deps) for deps in graph.values())
    print(
        f"\nplan: {len(graph)} services in {LAYERS} layers of {width} ({edges} dependencies, 2-3 on the layer below), "
        f'deploy ["true"], 1 probe to pass a gate, no bake, max_parallelism {MAX_PARALLELISM}',
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="flightdeck-bench-") as folder:
        plan_file = Path(folder) / "flightdeck.yaml"
        plan_file.write_text(world.plan_yaml(graph, urls, MAX_PARALLELISM))
        async with httpx.AsyncClient(timeout=5) as client:
            spawn = await world.spawn_seconds()
            probe = await world.probe_seconds(client, f"{health}/probe/health/ready")
            print("\ndeployments (publish deploy-requested -> deployment-succeeded read from the stream)", flush=True)
            done = await deployments(url, plan_file, urls, client, runs, profile)
    peak, children = rss_mb(resource.RUSAGE_SELF), rss_mb(resource.RUSAGE_CHILDREN)
    return OrchestrationMeasurement(LAYERS, width, MAX_PARALLELISM, spawn, probe, done, peak, children)


async def sizes(url: str, health: str, widths: list[int], runs: int, profile: str | None) -> list[OrchestrationSummary]:
    print(
        f"orchestration benchmark: Python {platform.python_version()}, redis at {url}, health endpoint {health}",
        flush=True,
    )
    found = []
    for width in widths:
        found.append(summarise(await measure(url, health, width, runs, profile)))
        show(found[-1], judged=len(found) == 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"measured deployments (default {RUNS})")
    parser.add_argument(
        "--widths",
        default=",".join(map(str, WIDTHS)),
        help=f"services per layer of each size, {LAYERS} layers each (default {','.join(map(str, WIDTHS))})",
    )
    profile_help = "one more deployment under cProfile, reported on stderr (and saved to the file given)"
    parser.add_argument("--profile", nargs="?", const="", default=None, metavar="PSTATS_FILE", help=profile_help)
    args = parser.parse_args()
    quiet_logs()
    started = time.perf_counter()
    widths = [int(w) for w in args.widths.split(",") if w.strip()]
    with redis_server() as url, health_endpoint() as health:
        summaries = asyncio.run(sizes(url, health, widths, args.runs, args.profile))
    growth(summaries)
    print(f"\ntotal {time.perf_counter() - started:.1f}s", flush=True)
    print(json.dumps(figures(summaries)), flush=True)


if __name__ == "__main__":
    main()
