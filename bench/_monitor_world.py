"""The monitor benchmark's world: 1,000 health endpoints in a process of their own, the plan that names them, and CPU
read from /proc (the monitor's own process: _monitor_process.py).

The endpoint server (aiohttp, keep-alive) answers GET /svc-NNNN/health/ready with 200 {"status": "pass"}, or 503
{"status": "fail"} once told so by POST /control/bad/svc-NNNN (POST /control/good/... undoes it); both answer the
server's clock at the switch, {"at": unix seconds}. GET /control/stats: probes served (total, per whole second of
the clock, fewest per endpoint since POST /control/reset) and the server's own CPU. Control requests are not probes.
"""

import contextlib
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = "bench"
CHECK = {"interval": "1s", "timeout": "1s", "failures_to_degraded": 3, "passes_to_ready": 2}
PASS, FAIL = b'{"status": "pass"}', b'{"status": "fail"}'
KEEP_SECONDS = 600  # per-second probe counts kept by the server


def name(n: int) -> str:
    return f"svc-{n:04d}"


def plan_yaml(base: str, endpoints: int) -> str:
    """One environment, `endpoints` services without dependencies, each probed at its own ready URL."""
    return yaml.safe_dump(
        {
            "version": 1,
            "environments": {ENVIRONMENT: {}},
            "services": {
                name(n): {"deploy": ["true"], "health": {"ready": f"{base}/{name(n)}/health/ready", **CHECK}}
                for n in range(endpoints)
            },
        },
        sort_keys=False,
    )


_SEEN: dict[int, float] = {}


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads) so far, from /proc/PID/stat; once the process is
    gone, the last figure read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return _SEEN.get(pid, 0.0)
    _SEEN[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return _SEEN[pid]


def child_pid(word: str) -> int | None:
    """The pid of this process's child whose command line contains `word` (redis-server, say)."""
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            with contextlib.suppress(OSError):
                if word in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    return int(pid)
    return None


def serve(port: int, endpoints: int) -> None:
    """The endpoint server process."""
    from aiohttp import web

    names = [name(n) for n in range(endpoints)]
    bad: set[str] = set()
    hits: Counter[str] = Counter()  # per endpoint, since the last POST /control/reset
    per_second: Counter[int] = Counter()
    served = [0]

    async def ready(request: web.Request) -> web.Response:
        service = request.match_info["name"]
        hits[service] += 1
        served[0] += 1
        per_second[int(time.time())] += 1
        if service in bad:
            return web.Response(status=503, body=FAIL, content_type="application/health+json")
        return web.Response(body=PASS, content_type="application/health+json")

    async def switch(request: web.Request) -> web.Response:
        service = request.match_info["name"]
        (bad.add if request.match_info["how"] == "bad" else bad.discard)(service)
        return web.json_response({"at": time.time()})

    async def reset(_: web.Request) -> web.Response:
        hits.clear()
        return web.json_response({"at": time.time()})

    async def stats(_: web.Request) -> web.Response:
        for second in [s for s in per_second if s < time.time() - KEEP_SECONDS]:
            del per_second[second]
        return web.json_response(
            {
                "total": served[0],
                "min_hits": min(hits[n] for n in names),
                "per_second": {str(s): c for s, c in per_second.items()},
                "cpu_s": cpu_s(os.getpid()),
            }
        )

    app = web.Application()
    app.router.add_get("/{name}/health/ready", ready)
    app.router.add_post("/control/{how:bad|good}/{name}", switch)
    app.router.add_post("/control/reset", reset)
    app.router.add_get("/control/stats", stats)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None, backlog=1024)


def wait_listening(port: int, process: subprocess.Popen[bytes], within: float = 20) -> None:
    import socket

    deadline = time.monotonic() + within
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on port {port} after {within:g}s")
        time.sleep(0.05)


@contextlib.contextmanager
def endpoint_server(port: int, endpoints: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, __file__, str(port), str(endpoints)], cwd=ROOT)
    try:
        wait_listening(port, process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def per_second_rates(per_second: Mapping[str, int], start: float, end: float) -> list[int]:
    """Probes served in each whole second of the clock inside [start, end), from the server's per-second counts."""
    counts = {int(s): c for s, c in per_second.items()}
    return [counts.get(s, 0) for s in range(int(start) + 1, int(end))]


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
