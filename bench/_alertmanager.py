"""Prometheus Alertmanager for the side-by-side bench: Debian's prometheus-alertmanager (installed when missing,
without starting its system service), run on free ports with its own storage folder, clustering off, and fed
alerts through its HTTP API (POST /api/v2/alerts), one alert per group."""

import contextlib
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import yaml

from bench._debian import daemon, ensure_installed

BINARY = "/usr/bin/prometheus-alertmanager"


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
    binary = ensure_installed(BINARY, "prometheus-alertmanager")
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
    with daemon("Alertmanager", argv, folder / "alertmanager.log", f"http://127.0.0.1:{port}/-/ready") as process:
        yield process


class Feeder:
    """Posts one alert per key to Alertmanager's API, over one pooled aiohttp session: with httpx the bench's own
    process (which also paces and receives) could not offer more than 250-740 alerts/s; with aiohttp it offers
    1,000/s and Alertmanager sustains them."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/api/v2/alerts"
        self.session: aiohttp.ClientSession | None = None

    async def fire(self, key: str) -> None:
        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64))
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
        async with self.session.post(self.url, json=[alert]) as response:
            response.raise_for_status()

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
