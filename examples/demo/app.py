"""One service of the demo fleet: a small HTTP process, standard library only, as a team's own service would be.

    python3 app.py FLEET_DIR SERVICE VERSION

It listens on the port FLEET_DIR/fleet.json gives SERVICE and answers
- /health/live: the process runs;
- /health/ready: 200 while its faults let it, 503 otherwise (the health gate waits on it);
- /health/detailed: application/health+json (the IETF draft): its version, uptime, error rate and each dependency's
  state (the migration's schema, the services it calls), so the monitor can tell what failed first;
- a couple of real requests: the API's /v1/status and /v1/orders, the worker's /v1/jobs, the web frontend's page.

What a version does wrong comes from FLEET_DIR/faults.json, read at every request, keyed "SERVICE@VERSION":
    {"api@1.2.0": {"after": 3, "errors": 0.6}}
- after: seconds after start before the faults begin (a release that goes bad during its bake);
- errors: the share of requests, health checks included, answered 500;
- slow_ms: added to every answer;
- ready: false keeps readiness failing (the gate never passes);
- crash_after: seconds after start the process exits with code 1.
"""

import json
import os
import signal
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FLEET, NAME, VERSION = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
STARTED = time.monotonic()


class Faults:
    """This version's faults, as faults.json says now; errors hit every k-th request, evenly, not at random."""

    def __init__(self) -> None:
        self.requests = self.failed = 0
        self.lock = threading.Lock()

    def now(self) -> dict[str, Any]:
        try:
            every = json.loads((FLEET / "faults.json").read_text())
        except (OSError, ValueError):
            return {}
        mine = every.get(f"{NAME}@{VERSION}") or {}
        return mine if time.monotonic() - STARTED >= float(mine.get("after", 0)) else {}

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


FAULTS = Faults()
ORDERS = [{"id": n, "item": item, "status": "shipped"} for n, item in enumerate(("gears", "rivets", "flaps"), 1)]


def fleet() -> dict[str, Any]:
    return json.loads((FLEET / "fleet.json").read_text())  # type: ignore[no-any-return]


def dependency_checks() -> dict[str, list[dict[str, Any]]]:
    checks: dict[str, list[dict[str, Any]]] = {}
    services = fleet()["services"]
    for need in services[NAME].get("needs", []):
        if "port" not in services.get(need, {}):  # a job: what it left behind, the schema it migrated to
            schema = FLEET / f"{need}.schema"
            ok = schema.exists()
            checks[f"{need}:schema"] = [
                {
                    "componentType": "datastore",
                    "status": "pass" if ok else "fail",
                    "observedValue": schema.read_text().strip() if ok else None,
                    **({} if ok else {"output": "no schema: the migration has not run"}),
                }
            ]
            continue
        url = f"http://127.0.0.1:{services[need]['port']}/health/ready"
        try:
            with urllib.request.urlopen(url, timeout=0.5) as answer:
                status, output = ("pass" if answer.status == 200 else "fail"), None
        except Exception as exc:  # refused, 5xx, timed out: each is the dependency not ready
            status, output = "fail", f"{url}: {getattr(exc, 'code', None) or type(exc).__name__}"
        checks[f"{need}:ready"] = [
            {"componentType": "component", "status": status, **({"output": output} if output else {})}
        ]
    return checks


def detailed(failing_now: bool) -> tuple[int, dict[str, Any]]:
    rate = FAULTS.error_rate()
    checks = {
        "uptime": [
            {
                "componentType": "system",
                "observedValue": round(time.monotonic() - STARTED, 1),
                "observedUnit": "s",
                "status": "pass",
            }
        ],
        "requests:errors": [
            {
                "observedValue": round(rate * 100, 1),
                "observedUnit": "%",
                "status": "fail" if failing_now else "warn" if rate > 0.05 else "pass",
            }
        ],
        **dependency_checks(),
    }
    states = {entry["status"] for entries in checks.values() for entry in entries}
    status = "fail" if "fail" in states else "warn" if "warn" in states else "pass"
    document = {
        "status": status,
        "version": VERSION,
        "releaseId": f"{NAME}-{VERSION}",
        "serviceId": NAME,
        "description": f"demo {NAME}",
        "checks": checks,
    }
    return (503 if status == "fail" else 200), document


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo"  # no version banner

    def do_GET(self) -> None:
        faults = FAULTS.now()
        time.sleep(float(faults.get("slow_ms", 0)) / 1000)
        path = self.path.split("?")[0]
        if path == "/health/live":
            return self.reply(200, {"status": "pass", "version": VERSION})
        failing = FAULTS.fails(faults)
        if path == "/health/ready":
            ready = bool(faults.get("ready", True))
            ok = ready and not failing
            return self.reply(
                200 if ok else 503 if not ready else 500, {"status": "pass" if ok else "fail", "version": VERSION}
            )
        if path == "/health/detailed":
            code, document = detailed(failing)
            return self.reply(500 if failing else code, document)
        if failing:
            return self.reply(500, {"error": f"{NAME} {VERSION} failed this request"})
        return self.route(path)

    def route(self, path: str) -> None:
        if NAME == "api" and path == "/v1/status":
            return self.reply(200, {"status": "ok", "version": VERSION})
        if NAME == "api" and path == "/v1/orders":
            return self.reply(200, {"orders": ORDERS})
        if NAME == "worker" and path == "/v1/jobs":
            return self.reply(200, {"jobs": [{"id": "nightly-invoices", "state": "idle"}]})
        if NAME == "web" and path == "/":
            page = f"<!doctype html><title>Demo shop</title><h1>Demo shop</h1><p>web {VERSION}</p>"
            return self.reply(200, page.encode(), "text/html; charset=utf-8")
        return self.reply(404, {"error": f"{NAME} has no {path}"})

    def reply(self, code: int, body: Any, kind: str = "application/health+json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if not isinstance(body, bytes) and not self.path.startswith("/health"):
            kind = "application/json"
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:  # a probe every few hundred ms would fill the log
        pass


def crash_later(server: ThreadingHTTPServer) -> None:
    while True:
        crash_after = FAULTS.now().get("crash_after")
        if crash_after is not None and time.monotonic() - STARTED >= float(crash_after):
            print(f"{NAME} {VERSION}: crashing, as faults.json asks", flush=True)
            os._exit(1)
        time.sleep(0.2)


def main() -> None:
    port = int(fleet()["services"][NAME]["port"])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    threading.Thread(target=crash_later, args=(server,), daemon=True).start()
    print(f"{NAME} {VERSION} listening on 127.0.0.1:{port}", flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    print(f"{NAME} {VERSION} stopped", flush=True)


if __name__ == "__main__":
    main()
