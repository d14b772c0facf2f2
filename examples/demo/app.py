"""One service of the demo fleet: a small HTTP process, standard library only, as a team's own service would be.

    python3 app.py FLEET_DIR SERVICE VERSION

It listens on the port FLEET_DIR/fleet.json gives SERVICE and answers
- /health/live: the process runs;
- /health/ready: 200 while its faults let it, 503 otherwise (the health gate waits on it);
- /health/detailed: application/health+json (the IETF draft): its version, uptime, error rate and each dependency's
  state (the migration's schema, the services it calls), so the monitor can tell what failed first;
- a couple of real requests: the API's /v1/status and /v1/orders, the worker's /v1/jobs, the web frontend's page
  and its /orders page, which asks the API (the plan's integration check goes through both).

What a version does wrong comes from FLEET_DIR/faults.json, read at every request (see faults.py).
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the type checker reads the repository; run as a script, the modules are siblings
    from examples.demo.faults import Faults, Instance
    from examples.demo.health import detailed
else:
    from faults import Faults, Instance
    from health import detailed

ME = Instance(Path(sys.argv[1]), sys.argv[2], sys.argv[3], time.monotonic())
NAME = ME.name
VERSION = ME.version
FAULTS = Faults(ME)
ORDERS = [{"id": n, "item": item, "status": "shipped"} for n, item in enumerate(("gears", "rivets", "flaps"), 1)]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo"  # no version banner (and no Python version after it)
    sys_version = ""
    disable_nagle_algorithm = True  # headers and body go out in two writes: without this, each answer waits 40 ms

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
            code, document = detailed(ME, FAULTS, failing)
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
        if NAME == "web" and path == "/orders":
            return self.orders_page()
        return self.reply(404, {"error": f"{NAME} has no {path}"})

    def orders_page(self) -> None:
        """The frontend's page of orders, from the API behind it: a path through two services."""
        api = f"http://127.0.0.1:{ME.fleet()['services']['api']['port']}/v1/orders"
        try:
            with urllib.request.urlopen(api, timeout=2) as answer:
                orders = json.loads(answer.read())["orders"]
        except (OSError, ValueError, KeyError) as exc:
            return self.reply(502, f"web {VERSION}: the API did not answer ({exc})".encode(), "text/plain")
        items = "".join(f"<li>{o['id']}: {o['item']}, {o['status']}</li>" for o in orders)
        page = f"<!doctype html><title>Orders</title><h1>Orders</h1><ul>{items}</ul>"
        return self.reply(200, page.encode(), "text/html; charset=utf-8")

    def reply(self, code: int, body: Any, kind: str = "application/health+json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if not isinstance(body, bytes) and not self.path.startswith("/health"):
            kind = "application/json"
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if kind.startswith("text/html"):  # what a browser-facing page sends (the plan's security check asks)
            self.send_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: object) -> None:  # a probe every few hundred ms would fill the log
        pass


def crash_later(server: ThreadingHTTPServer) -> None:
    while True:
        crash_after = FAULTS.now().get("crash_after")
        if crash_after is not None and ME.uptime() >= float(crash_after):
            print(f"{NAME} {VERSION}: crashing, as faults.json asks", flush=True)
            os._exit(1)
        time.sleep(0.2)


def main() -> None:
    port = int(ME.fleet()["services"][NAME]["port"])
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
