"""A real HTTP server on 127.0.0.1 answering /health/ready per service, switchable by the test."""

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
        self.port = 0

    def answer(self, service: str) -> int:
        self.hits[service] = self.hits.get(service, 0) + 1
        if service in self.flapping:
            return 200 if self.hits[service] % 2 else 503
        return self.status.get(service, 200)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port}/{service}/health/ready"


@contextmanager
def health_server() -> Iterator[HealthServer]:
    state = HealthServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            service = self.path.strip("/").split("/")[0]
            code = state.answer(service)
            time.sleep(state.delay_s.get(service, 0))
            body = b'{"status": "pass"}' if code == 200 else b'{"status": "fail"}'
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
