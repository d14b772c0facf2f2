"""A real HTTP server on 127.0.0.1 answering /health/ready per service, switchable by the test; and
/SERVICE/health/detailed, with a body of the test's choosing or else like ready (counted apart from ready's hits)."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class HealthServer:
    def __init__(self) -> None:
        self.status: dict[str, int] = {}  # service -> HTTP status; unknown services answer 200
        self.flapping: set[str] = set()  # these alternate 200 and 503, request by request
        self.delay_s: dict[str, float] = {}  # slow answers, per service
        self.hits: dict[str, int] = {}
        self.detailed: dict[str, tuple[int, object]] = {}  # service -> (HTTP status, JSON body) of /health/detailed
        self.detailed_hits: dict[str, int] = {}
        self.port = 0

    def answer(self, service: str) -> int:
        self.hits[service] = self.hits.get(service, 0) + 1
        if service in self.flapping:
            return 200 if self.hits[service] % 2 else 503
        return self.status.get(service, 200)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port}/{service}/health/ready"

    def detailed_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port}/{service}/health/detailed"

    def answer_detailed(self, service: str) -> tuple[int, bytes]:
        self.detailed_hits[service] = self.detailed_hits.get(service, 0) + 1
        code, document = self.detailed.get(service) or (self.status.get(service, 200), None)
        return code, json.dumps(document).encode() if document is not None else _body(code)


def _body(code: int) -> bytes:
    return b'{"status": "pass"}' if code == 200 else b'{"status": "fail"}'


@contextmanager
def health_server() -> Iterator[HealthServer]:
    state = HealthServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            service = self.path.strip("/").split("/")[0]
            if self.path.endswith("/health/detailed"):
                code, body = state.answer_detailed(service)
            else:
                code = state.answer(service)
                body = _body(code)
            time.sleep(state.delay_s.get(service, 0))
            self.send_response(code)
            self.send_header("Content-Type", "application/health+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a prober closing its keep-alive connection at shutdown is not a test failure

    server = Server(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
