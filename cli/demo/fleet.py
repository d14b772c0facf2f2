"""The demo's fleet, as the demo sees it: the folder its services run from (fleet.json with their ports and needs,
faults.json with what a version does wrong), what their own endpoints say they run, and stopping them all.

The services themselves (examples/demo/app.py) are started by the deploy scripts, in sessions of their own, as a
platform would run them: they outlive the script that started them, so the demo stops them itself at the end,
and a demo that was killed outright leaves pid files the next one uses to stop what is left."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from shared.redis_process import free_port

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "demo"
NEEDS = {"migrate": [], "api": ["migrate"], "worker": ["migrate"], "web": ["api", "worker"]}
HTTP = ("api", "worker", "web")  # the ones that listen; migrate is a job


class Fleet:
    def __init__(self, folder: Path, examples: Path = EXAMPLES) -> None:
        self.folder = folder
        self.examples = examples
        self.ports: dict[str, int] = {}

    def prepare(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.ports = {name: free_port() for name in HTTP}
        services: dict[str, Any] = {
            name: {"needs": needs, **({"port": self.ports[name]} if name in self.ports else {})}
            for name, needs in NEEDS.items()
        }
        self._write("fleet.json", {"services": services})
        self.set_faults({})

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def set_faults(self, faults: dict[str, dict[str, Any]]) -> None:
        """What each SERVICE@VERSION does wrong (see examples/demo/app.py); written whole, read at every request."""
        self._write("faults.json", faults)

    def _write(self, name: str, value: dict[str, Any]) -> None:
        """Whole or not at all: the scripts, fleetctl and the services read these files at any moment."""
        temporary = self.folder / f"{name}.new"
        temporary.write_text(json.dumps(value, indent=2) + "\n")
        temporary.replace(self.folder / name)

    def variables(self) -> dict[str, str]:
        """The plan's `demo` environment variables for this run."""
        return {
            "FLEET_DIR": str(self.folder),
            "API_URL": self.url("api"),
            "WORKER_URL": self.url("worker"),
            "WEB_URL": self.url("web"),
        }

    def versions(self) -> dict[str, str | None]:
        """What each service says it runs on its own /health/detailed (None: it does not answer), and the schema."""
        found: dict[str, str | None] = {}
        with httpx.Client(timeout=2.0) as client:
            for name in HTTP:
                try:
                    found[name] = client.get(f"{self.url(name)}/health/detailed").json().get("version")
                except (httpx.HTTPError, ValueError):
                    found[name] = None
        schema = self.folder / "migrate.schema"
        found["migrate"] = schema.read_text().strip() if schema.exists() else None
        return found

    def pids(self) -> dict[str, int]:
        """The fleet's processes that still run, by service (the pid files the scripts left)."""
        found = {}
        for name in HTTP:
            try:
                pid = int((self.folder / f"{name}.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            if Path(f"/proc/{pid}").exists():
                found[name] = pid
        return found

    def stop_all(self) -> str:
        """Stops every fleet service still running; what fleetctl said when it could not."""
        if not (self.folder / "fleet.json").exists():
            return ""
        done = subprocess.run(
            [sys.executable, str(self.examples / "fleetctl.py"), str(self.folder), "stop-all"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stderr.strip()
