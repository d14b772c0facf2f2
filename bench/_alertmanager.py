"""Prometheus Alertmanager for the side-by-side bench: Debian's prometheus-alertmanager (installed when missing,
without starting its system service), run on free ports with its own storage folder, clustering off, and fed
alerts through its HTTP API (POST /api/v2/alerts), one alert per group."""

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import yaml

from bench._figures import say

BINARY = "/usr/bin/prometheus-alertmanager"
POLICY = Path("/usr/sbin/policy-rc.d")  # invoke-rc.d asks it: exit 101 means "do not start services"


def ensure_installed() -> str:
    """The binary's path; installs the Debian package first when it is missing (as root, with apt-get)."""
    if Path(BINARY).exists():
        return BINARY
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise SystemExit(f"{BINARY} is missing: install Debian's prometheus-alertmanager (as root) and run again")
    say("  installing Debian's prometheus-alertmanager (apt-get), without starting its system service ...")
    made_policy = not POLICY.exists()
    if made_policy:  # the package would start a daemon on the standard port 9093: nothing we start may
        POLICY.write_text("#!/bin/sh\nexit 101\n")
        POLICY.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "prometheus-alertmanager"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    finally:
        if made_policy:
            POLICY.unlink()
    return BINARY


def config(receiver_url: str, group_interval: str) -> str:
    """One route: group by deployment_id (one alert per group), group_wait 0, the same group_interval as ours."""
    return yaml.safe_dump(
        {
            "route": {
                "receiver": "hook",
                "group_by": ["deployment_id"],
                "group_wait": "0s",
                "group_interval": group_interval,
                "repeat_interval": "4h",
            },
            "receivers": [{"name": "hook", "webhook_configs": [{"url": receiver_url, "send_resolved": False}]}],
        }
    )


@contextlib.contextmanager
def alertmanager(folder: Path, port: int, receiver_url: str, group_interval: str) -> Iterator[subprocess.Popen[bytes]]:
    binary = ensure_installed()
    (folder / "alertmanager.yml").write_text(config(receiver_url, group_interval))
    (folder / "data").mkdir(exist_ok=True)
    argv = [
        binary,
        f"--config.file={folder / 'alertmanager.yml'}",
        f"--storage.path={folder / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--cluster.listen-address=",  # one instance: no gossip port
        "--log.level=warn",
    ]
    with (folder / "alertmanager.log").open("wb") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_ready(f"http://127.0.0.1:{port}/-/ready", process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_ready(url: str, process: subprocess.Popen[bytes], within_s: float = 30) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        if process.poll() is not None:
            raise RuntimeError(f"Alertmanager exited with code {process.returncode} before it was ready")
        time.sleep(0.1)
    raise RuntimeError(f"Alertmanager was not ready at {url} after {within_s:g} s")


class Feeder:
    """Posts one alert per key to Alertmanager's API, over one pooled client."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/api/v2/alerts"
        self.client = httpx.AsyncClient(limits=httpx.Limits(max_connections=64))

    async def fire(self, key: str) -> None:
        alert = {
            "labels": {
                "alertname": "DeploymentFailed",
                "deployment_id": key,
                "environment": "production",
                "severity": "critical",
            },
            "annotations": {"summary": f"Deployment {key} failed in production: api did not become healthy"},
            "startsAt": datetime.now(UTC).isoformat(),
        }
        (await self.client.post(self.url, json=[alert])).raise_for_status()

    async def close(self) -> None:
        await self.client.aclose()
