"""Probe client benchmark: how many health probes a second each adapter sustains, and the CPU it spends on them.

Run from the repository root: `.venv/bin/python bench/probe_client.py [--rate 1000] [--seconds 20]`. A separate
process serves 1,000 health+json endpoint paths on 127.0.0.1 (aiohttp, so it does not take the prober's CPU); this
process probes each once per 1,000/rate seconds, open loop (launches follow the clock, not completions), after a
short warm-up. Reported per adapter: probes/s achieved, the prober process's CPU-seconds per 1,000 probes (user +
system, getrusage), latency p50/p99, failures. Nothing here asserts: it reports. Last line: one JSON object.
`--hanging N` makes the first N endpoints answer only after 10 s (a 2 s probe timeout): the case a monitor is for.

Measured here (2 cores), 1,000/s for 20 s: aiohttp 1,000 probes/s at 0.19-0.20 CPU-s per 1,000 probes; httpx
(8 in flight / 16 connections, its best) 820-1,000 probes/s at 0.78 CPU-s per 1,000. With --hanging 20: aiohttp
998/s, httpx 150/s. services/monitor/probing/prober.py has the whole story.
"""

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._probe_report import ProbeMeasurement, ProbeSummary, line, summarise
from services.monitor.probing import AiohttpProber, HttpxProber, Prober, ProbeResult
from shared.ports import free_port

ENDPOINTS = 1_000
TIMEOUT_S = 2.0
BODY = json.dumps({"status": "pass", "version": "1", "releaseId": "1.4.2"}).encode()


def serve(port: int, hanging: int) -> None:
    """The server process: one aiohttp app answering every /svc/N/health/ready with a small health+json body, except
    that the first `hanging` endpoints never answer in time (a service stuck on its database, say)."""
    from aiohttp import web

    async def ready(request: web.Request) -> web.Response:
        if int(request.match_info["n"]) < hanging:
            await asyncio.sleep(TIMEOUT_S * 5)
        return web.Response(body=BODY, content_type="application/health+json")

    app = web.Application()
    app.router.add_get("/svc/{n}/health/ready", ready)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None, handle_signals=True)


def cpu_s(pid: int | None = None) -> float:
    """User + system CPU seconds of this process, or of another one from /proc (the server)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drive(prober: Prober, base: str, rate: float, seconds: float) -> list[ProbeResult]:
    """Launches probes at `rate`/s for `seconds`, endpoint after endpoint, and waits for the last to finish."""
    loop = asyncio.get_running_loop()
    urls = [f"{base}/svc/{n}/health/ready" for n in range(ENDPOINTS)]
    total, launched, start = int(rate * seconds), 0, loop.time()
    tasks: list[asyncio.Task[ProbeResult]] = []
    while launched < total:
        due = min(total, int((loop.time() - start) * rate) + 1)
        for n in range(launched, due):
            tasks.append(asyncio.ensure_future(prober.probe(urls[n % ENDPOINTS], TIMEOUT_S)))
        launched = due
        await asyncio.sleep(0.002)
    return list(await asyncio.gather(*tasks))


async def measure(name: str, prober: Prober, base: str, rate: float, seconds: float, server: int) -> ProbeMeasurement:
    try:
        await drive(prober, base, rate, min(3.0, seconds))  # warm-up: connections open, code paths hot
        cpu0, server0, wall0, start = cpu_s(), cpu_s(server), time.perf_counter(), time.time()
        results = await drive(prober, base, rate, seconds)
        wall, cpu, server_cpu = time.perf_counter() - wall0, cpu_s() - cpu0, cpu_s(server) - server0
    finally:
        await prober.close()
    return ProbeMeasurement(name, rate, results, start, seconds, wall, cpu, server_cpu)


def make(name: str, in_flight: int | None, connections: int | None) -> Prober:
    """Each adapter at its own defaults (the best settings measured for it) unless the command line says otherwise."""
    sizes = {k: v for k, v in (("max_in_flight", in_flight), ("max_connections", connections)) if v is not None}
    return HttpxProber(**sizes) if name == "httpx" else AiohttpProber(**sizes)


async def run(args: argparse.Namespace, port: int, server: int) -> list[ProbeSummary]:
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):  # wait for the server to listen
        try:
            await asyncio.open_connection("127.0.0.1", port)
            break
        except OSError:
            await asyncio.sleep(0.05)
    found = []
    for name in args.probers.split(","):
        prober = make(name, args.in_flight, args.connections)
        found.append(summarise(await measure(name, prober, base, args.rate, args.seconds, server)))
        print(line(found[-1]), flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # internal: be the server process
    parser.add_argument("--rate", type=float, default=1000.0, help="probes launched per second (default 1000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration (default 20)")
    parser.add_argument("--probers", default="httpx,aiohttp", help="comma-separated: httpx, aiohttp")
    parser.add_argument("--hanging", type=int, default=0, help="endpoints that never answer in time (default 0)")
    parser.add_argument("--in-flight", type=int, help="each prober's in-flight bound (default: the adapter's)")
    parser.add_argument("--connections", type=int, help="each prober's pool size (default: the adapter's)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.hanging)
        return
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--hanging", str(args.hanging)])
    try:
        found = asyncio.run(run(args, port, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=10)
    results = [summary.to_json() for summary in found]
    print(json.dumps({"endpoints": ENDPOINTS, "hanging": args.hanging, "results": results}))


if __name__ == "__main__":
    main()
