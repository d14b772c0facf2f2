"""The orchestration benchmark's world: a layered synthetic plan, a one-probe health-gate answerer, and the
cost of the work itself (one `true` spawn, one health probe) measured on this machine."""

import asyncio
import random
import statistics
import time
from collections.abc import Mapping

import httpx
import yaml

from shared.bus.handlers import Handlers
from shared.events import HealthGateFailed, HealthGatePassed, HealthGateRequested
from shared.runtime import ServiceContext, ServiceDefinition

ENVIRONMENT = "bench"


def service_name(layer: int, index: int) -> str:
    return f"s{layer:02d}-{index:02d}"


def layered_graph(layers: int, width: int, seed: int = 4) -> dict[str, list[str]]:
    """Every service of layer k depends on 2 or 3 services of layer k-1 (chosen at random, reproducibly)."""
    rng = random.Random(seed)
    graph: dict[str, list[str]] = {}
    for layer in range(layers):
        for index in range(width):
            below = [service_name(layer - 1, i) for i in range(width)] if layer else []
            graph[service_name(layer, index)] = sorted(rng.sample(below, min(len(below), rng.choice((2, 3)))))
    return graph


def plan_yaml(graph: Mapping[str, list[str]], urls: Mapping[str, str], max_parallelism: int) -> str:
    """Instant commands, one health pass to be ready, no bake, long timeouts (so no timer fires mid-benchmark)."""
    return yaml.safe_dump(
        {
            "version": 1,
            "max_parallelism": max_parallelism,
            "defaults": {
                "deploy": ["true"],
                "timeouts": {"deploy": "5m"},
                "health": {"passes_to_ready": 1, "gate_timeout": "30m"},
                "rollback_policy": {"bake_time": "0s"},
            },
            "environments": {ENVIRONMENT: {}},
            "services": {name: {"depends_on": deps, "health": {"ready": urls[name]}} for name, deps in graph.items()},
        },
        sort_keys=False,
    )


def gate_answerer(urls: Mapping[str, str], client: httpx.AsyncClient) -> ServiceDefinition:
    """Stands in for the monitor: one real GET per health-gate-requested; 200 passes the gate, anything else fails."""

    def make(context: ServiceContext) -> Handlers:
        async def answer(event: HealthGateRequested) -> None:
            assert event.service
            started = time.perf_counter()
            try:
                status: int | None = (await client.get(urls[event.service])).status_code
                problem = "" if status == 200 else f"HTTP {status}"
            except httpx.HTTPError as exc:
                status, problem = None, f"{type(exc).__name__}: {exc}"
            waited = time.perf_counter() - started
            evidence = [{"ok": not problem, "latency_ms": waited * 1000, "http_status": status, "reason": problem}]
            reply: HealthGateFailed | HealthGatePassed
            if problem:
                reply = event.caused(HealthGateFailed, {"reason": problem, "waited_s": waited, "evidence": evidence})
            else:
                reply = event.caused(HealthGatePassed, {"waited_s": waited, "evidence": evidence})
            await context.publisher.publish(reply)

        return Handlers().on(HealthGateRequested, answer)

    return ServiceDefinition(
        name="bench-gates",
        description="answers health gates with one probe (the orchestration benchmark)",
        consumes=(HealthGateRequested,),
        produces=(HealthGatePassed, HealthGateFailed),
        handlers=make,
        default_port=0,
    )


async def spawn_seconds(samples: int = 20) -> float:
    """Median time to start `true` and see it exit (asyncio.create_subprocess_exec, as a runner would)."""
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec("true")
        await process.wait()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def probe_seconds(client: httpx.AsyncClient, url: str, samples: int = 20) -> float:
    """Median time of one health probe (a GET answered 200) over the shared client; the first GET opens the
    connection and is not counted, as the answerer's connections are warm too."""
    await client.get(url)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = await client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"the health endpoint answered {response.status_code} on {url}")
    return statistics.median(times)
