"""A real Prometheus (Debian's prometheus binary) scraping a real test target on 127.0.0.1, both per test module.

The target serves /metrics in Prometheus' text format from its own registry. Every scrape first records one more
batch of requests for each version (TRAFFIC), so every sample of every series moves in step: a rate() over any
window then gives exactly the shares served, and histogram_quantile() exactly the interpolation of the buckets.
"""

import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from shared.redis_process import free_port

BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0)


@dataclass(frozen=True)
class Batch:
    """What one scrape adds for a version: requests, how many failed (HTTP 500), and latencies by count."""

    requests: int
    errors: int
    latencies: dict[float, int]  # seconds -> how many requests took that long


TRAFFIC = {
    "v1": Batch(requests=100, errors=1, latencies={0.02: 50, 0.08: 50}),
    "v2": Batch(requests=100, errors=5, latencies={0.08: 90, 0.4: 10}),
}


class MetricsTarget:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("app_requests", "Requests served", ["status", "version"], registry=self.registry)
        self.latency = Histogram(
            "app_request_duration_seconds", "Request latency", ["version"], buckets=BUCKETS, registry=self.registry
        )
        self.idle = Counter("app_idle", "A counter that never moves", registry=self.registry)
        self.scrapes = 0
        self.port = 0
        self._lock = threading.Lock()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def scrape(self) -> bytes:
        with self._lock:
            for version, batch in TRAFFIC.items():
                self.requests.labels("200", version).inc(batch.requests - batch.errors)
                self.requests.labels("500", version).inc(batch.errors)
                for seconds, count in batch.latencies.items():
                    for _ in range(count):
                        self.latency.labels(version).observe(seconds)
            self.scrapes += 1
            return generate_latest(self.registry)


@contextmanager
def metrics_target() -> Iterator[MetricsTarget]:
    target = MetricsTarget()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/metrics":
                self.send_error(404)
                return
            body = target.scrape()
            self.send_response(200)
            self.send_header("Content-Type", CONTENT_TYPE_LATEST)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    target.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield target
    finally:
        server.shutdown()
        server.server_close()


def _config(target: str) -> str:
    return (
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
        f"scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['{target}']\n"
    )


@contextmanager
def prometheus_server(target: str) -> Iterator[str]:
    """Prometheus on a free port scraping target every second; yields its base URL once it scraped target up."""
    binary = shutil.which("prometheus")
    if binary is None:
        raise RuntimeError("prometheus is not installed: `sudo apt-get install prometheus` (scripts/setup.sh does)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="flightdeck-prometheus-") as folder:
        config = Path(folder) / "prometheus.yml"
        config.write_text(_config(target))
        log = (Path(folder) / "prometheus.log").open("wb")
        process = subprocess.Popen(
            [
                binary,
                f"--config.file={config}",
                f"--storage.tsdb.path={folder}/data",
                f"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, process, Path(log.name))
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, within: float = 20) -> None:
    """Waits for the query `up == 1` to find the target: Prometheus is ready and has scraped it."""
    deadline = time.monotonic() + within
    with httpx.Client(timeout=2) as client:
        while True:
            try:
                answer = client.get(f"{url}/api/v1/query", params={"query": 'up{job="app"} == 1'})
                if answer.status_code == 200 and answer.json()["data"]["result"]:
                    return
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"prometheus never scraped its target up (exit code {process.poll()}):\n{tail}")
            time.sleep(0.1)
