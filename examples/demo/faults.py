"""Which demo service this process is, and what its version does wrong.

What a version does wrong comes from FLEET_DIR/faults.json, read at every request, keyed "SERVICE@VERSION":
    {"api@1.2.0": {"after": 3, "errors": 0.6}}
- after: seconds after start before the faults begin (a release that goes bad during its bake);
- errors: the share of requests, health checks included, answered 500;
- slow_ms: added to every answer;
- ready: false keeps readiness failing (the gate never passes);
- crash_after: seconds after start the process exits with code 1.
"""

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Instance:
    """This process: the fleet's folder, the service it is, its version, and when it started (monotonic)."""

    folder: Path
    name: str
    version: str
    started: float

    def uptime(self) -> float:
        return time.monotonic() - self.started

    def fleet(self) -> dict[str, Any]:
        """FLEET_DIR/fleet.json as it is now: each service's port and what it needs."""
        found: dict[str, Any] = json.loads((self.folder / "fleet.json").read_text())
        return found


class Faults:
    """This version's faults, as faults.json says now; errors hit every k-th request, evenly, not at random."""

    def __init__(self, me: Instance) -> None:
        self.me = me
        self.requests = self.failed = 0
        self.lock = threading.Lock()

    def now(self) -> dict[str, Any]:
        try:
            every = json.loads((self.me.folder / "faults.json").read_text())
        except (OSError, ValueError):
            return {}
        mine: dict[str, Any] = every.get(f"{self.me.name}@{self.me.version}") or {}
        return mine if self.me.uptime() >= float(mine.get("after", 0)) else {}

    def fails(self, faults: dict[str, Any]) -> bool:
        rate = float(faults.get("errors", 0))
        with self.lock:
            self.requests += 1
            fail = int(self.requests * rate) > int((self.requests - 1) * rate)
            self.failed += fail
            return fail

    def error_rate(self) -> float:
        with self.lock:
            return self.failed / self.requests if self.requests else 0.0
