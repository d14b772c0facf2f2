"""A fleet of stand-in services on one real HTTP server: each answers /SERVICE/health/ready and /health/detailed
with the version its deploy script last wrote (tests/support/fleet_script.py), and fails where the test says.

Blue-green services have a live color (DIR/SERVICE.live) and a version per color (DIR/SERVICE.COLOR);
/SERVICE/COLOR/health/ready answers for one color, /SERVICE/health/... for the live one."""

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCRIPT = str(Path(__file__).with_name("fleet_script.py"))


class Fleet:
    def __init__(self, state: Path) -> None:
        self.state = state
        self.bad: set[tuple[str, str]] = set()  # (service, version) answering 500
        self.port = 0

    def url(self, service: str, color: bool = False) -> str:
        return f"http://127.0.0.1:{self.port}/{service}" + ("/{color}" if color else "") + "/health/ready"

    def detailed_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port}/{service}/health/detailed"

    def version(self, service: str, color: str | None = None) -> str | None:
        if color is None and (self.state / f"{service}.live").exists():
            color = (self.state / f"{service}.live").read_text()
        path = self.state / (f"{service}.{color}" if color else service)
        return path.read_text() if path.exists() else None

    def deploy(self, *fixed: str) -> list[str]:
        return [sys.executable, SCRIPT, str(self.state), "deploy", "{service}", "{version}", *fixed]

    def switch(self) -> list[str]:
        return [sys.executable, SCRIPT, str(self.state), "switch", "{service}", "{color}"]

    def record(self) -> list[tuple[str, str, str]]:
        path = self.state / "record"
        lines = path.read_text().splitlines() if path.exists() else []
        return [(a, s, v) for a, s, v, _ in (line.split() for line in lines)]


@contextmanager
def fleet(state: Path) -> Iterator[Fleet]:
    made = Fleet(state)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            service, color = parts[0], (parts[1] if len(parts) == 4 else None)
            version = made.version(service, color)
            ok = version is not None and (service, version) not in made.bad
            body = json.dumps({"status": "pass" if ok else "fail", "version": version}).encode()
            self.send_response(200 if ok else 500)
            self.send_header("Content-Type", "application/health+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    made.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()
