"""Prometheus' blackbox exporter beside the monitor, in the same run and against the same endpoints.

Debian's prometheus-blackbox-exporter (installed when missing, bench/_debian.py) runs as a process of ours on a free
port with our config in the run's temp folder: one module, http_2xx (GET, timeout 1s, valid status 200, as the
monitor's plan checks). It is driven as Prometheus drives it: GET /probe?target=URL&module=http_2xx for each endpoint
once a second, launched open loop on the clock (bench/_monitor_raw.py's `paced`) over one pooled aiohttp session, each
answer's `probe_success 1` counted. After a warm-up, the measured window reads the exporter's CPU from /proc and the
probes the endpoint server counted in it: the probes the exporter really made, per second and per CPU-ms, counted as
the monitor's are (a /probe request we gave up on may still have probed its endpoint).
"""

import asyncio
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import yaml

from bench._debian import daemon, ensure_installed
from bench._figures import say
from bench._monitor_raw import paced
from bench._monitor_window import served
from bench._monitor_world import cpu_s, name
from shared.ports import free_port

BINARY, PACKAGE, MODULE = "/usr/bin/prometheus-blackbox-exporter", "prometheus-blackbox-exporter", "http_2xx"
WARMUP_S, CLIENT_TIMEOUT_S = 3.0, 3.0
SCRAPE_TIMEOUT = {"X-Prometheus-Scrape-Timeout-Seconds": "2"}  # as Prometheus sends it; the module's 1 s is shorter
SUCCESS = b"\nprobe_success 1\n"
RATE_SHARE = 0.95  # as the monitor's rate target counts reaching 1 Hz


@dataclass(frozen=True)
class BlackboxRun:
    """The measured window: /probe requests made, those answered probe_success 1, failures by kind (probe_success 0,
    an HTTP status, no answer within CLIENT_TIMEOUT_S), the exporter's CPU, the window's wall seconds, and the probes
    the endpoint server counted in it (the probes the exporter made)."""

    requests: int
    ok: int
    failures: dict[str, int]
    cpu_s: float
    wall_s: float
    served: int

    @property
    def failed(self) -> int:
        return self.requests - self.ok

    @property
    def probes_per_s(self) -> float:
        return self.served / self.wall_s

    @property
    def cores(self) -> float:
        return self.cpu_s / self.wall_s

    @property
    def cpu_ms_per_probe(self) -> float:
        return self.cpu_s / max(1, self.served) * 1000


def installed() -> str:
    """The exporter's binary, Debian's package installed first when it is missing."""
    return ensure_installed(BINARY, PACKAGE)


def config() -> str:
    http = {"method": "GET", "valid_status_codes": [200], "preferred_ip_protocol": "ip4"}
    return yaml.safe_dump({"modules": {MODULE: {"prober": "http", "timeout": "1s", "http": http}}})


def version(binary: str) -> str:
    found = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    words = (found.stdout + found.stderr).split()
    return words[words.index("version") + 1] if "version" in words else "(version unknown)"


async def _probe(session: aiohttp.ClientSession, url: str, tally: Counter[str]) -> None:
    try:
        async with asyncio.timeout(CLIENT_TIMEOUT_S), session.get(url, headers=SCRAPE_TIMEOUT) as response:
            body = await response.read()
        if response.status != 200:
            tally[f"HTTP {response.status}"] += 1
        else:
            tally["ok" if SUCCESS in body else "probe_success 0"] += 1
    except Exception as exc:  # counted, never raised: the loop must keep its pace
        tally[type(exc).__name__] += 1


async def _progress(tally: Counter[str], pid: int, every: float = 10.0) -> None:
    t0 = last_t = time.perf_counter()
    last_n, last_cpu = tally.total(), cpu_s(pid)
    while True:
        await asyncio.sleep(every)
        t, n, cpu = time.perf_counter(), tally.total(), cpu_s(pid)
        say(
            f"  .. {t - t0:4.1f}s  {(n - last_n) / (t - last_t):7.1f} probes/s  exporter "
            f"{(cpu - last_cpu) / (t - last_t):.3f} cores  failed {n - tally['ok']}"
        )
        last_t, last_n, last_cpu = t, n, cpu


async def _measure(control: aiohttp.ClientSession, base: str, urls: list[str], seconds: float, pid: int) -> BlackboxRun:
    connector = aiohttp.TCPConnector(limit=512, limit_per_host=0, keepalive_timeout=30)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=None), trust_env=False
    ) as session:
        warm: Counter[str] = Counter()
        await paced(urls, WARMUP_S, lambda url: _probe(session, url, warm))
        tally: Counter[str] = Counter()
        first = await served(control, base)
        cpu, wall = cpu_s(pid), time.perf_counter()
        progress = asyncio.create_task(_progress(tally, pid))
        await paced(urls, seconds, lambda url: _probe(session, url, tally))
        cpu, wall = cpu_s(pid) - cpu, time.perf_counter() - wall
        progress.cancel()
        last = await served(control, base)
    failures = {k: v for k, v in tally.items() if k != "ok"}
    return BlackboxRun(tally.total(), tally["ok"], failures, cpu, wall, last.total - first.total)


async def blackbox_run(
    control: aiohttp.ClientSession, base: str, endpoints: int, seconds: float, folder: Path
) -> BlackboxRun:
    """The exporter started, warmed up, measured over `seconds` and stopped; its figures said as it ends."""
    binary, port = installed(), free_port()
    config_file, exporter = folder / "blackbox.yml", f"http://127.0.0.1:{port}"
    config_file.write_text(config())
    argv = [binary, f"--config.file={config_file}", f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"]
    targets = [f"{base}/{name(n)}/health/ready" for n in range(endpoints)]
    urls = [f"{exporter}/probe?{urlencode({'target': target, 'module': MODULE})}" for target in targets]
    say(
        f"\nblackbox: Debian's prometheus-blackbox-exporter {version(binary)}, own process at {exporter}, module "
        f"{MODULE} (GET, timeout 1s, status 200); GET /probe for the same {endpoints:,} endpoints at 1 Hz, "
        f"{seconds:g} s measured after a {WARMUP_S:g} s warm-up"
    )
    with daemon("the blackbox exporter", argv, folder / "blackbox.log", f"{exporter}/-/healthy") as process:
        run = await _measure(control, base, urls, seconds, process.pid)
    say(
        f"  {run.probes_per_s:7.1f} probes/s (the endpoint server's count; /probe: {run.ok:,} of {run.requests:,} "
        f"answered probe_success 1), {run.cpu_s:.2f} CPU-s in {run.wall_s:.1f} s = {run.cores:.3f} cores, "
        f"{run.cpu_ms_per_probe:.3f} CPU-ms per probe{'  failures ' + str(run.failures) if run.failures else ''}"
    )
    if run.probes_per_s < RATE_SHARE * endpoints:
        say(
            f"  !! it kept up with {run.probes_per_s / endpoints:.0%} of the {endpoints:,} probes/s asked: its CPU per "
            "probe is that of the probes it did"
        )
    return run
