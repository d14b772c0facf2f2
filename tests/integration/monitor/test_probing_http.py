"""Both probe adapters against a real HTTP/1.1 server on 127.0.0.1: verdicts, versions, failures and their reasons."""

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from services.monitor.probing import AiohttpProber, HttpxProber, Prober, make_prober


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/health+json"
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    hang_up: bool = False  # close the connection without answering
    close_after: bool = False  # answer as if keep-alive, then close the connection anyway (a server's idle timeout)


class Server:
    """A threaded stdlib server speaking HTTP/1.1 with keep-alive. It counts requests and TCP connections: the
    stdlib makes one handler per connection, so handlers made = connections accepted."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: dict[str, int] = {}
        self.connections = 0
        self.port = 0
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, document: object = None, **kwargs: object) -> str:
        raw = json.dumps(document).encode() if document is not None else kwargs.pop("body", b"")
        self.routes[path] = Route(body=raw, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def count(self, path: str | None = None) -> None:
        with self._lock:
            if path is None:
                self.connections += 1
            else:
                self.requests[path] = self.requests.get(path, 0) + 1


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: connections stay open between requests

        def setup(self) -> None:
            state.count()
            super().setup()

        def do_GET(self) -> None:
            state.count(self.path)
            route = state.routes.get(self.path, Route(status=404))
            time.sleep(route.delay_s)
            if route.hang_up:
                self.close_connection = True
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(route.body)
            self.close_connection = route.close_after

        def log_message(self, *args: object) -> None:
            pass

    class Quiet(ThreadingHTTPServer):
        block_on_close = False  # a handler still sleeping for a timed-out probe must not hold up the test's end

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a probe that gave up (timeout, cancel) leaves a broken pipe behind: expected

    httpd = Quiet(("127.0.0.1", 0), Handler)
    state.port = httpd.server_address[1]
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


ADAPTERS: dict[str, Callable[[], Prober]] = {"aiohttp": AiohttpProber, "httpx": HttpxProber}


async def test_a_healthy_endpoint_passes_with_its_version_and_latency(server: Server, prober: Prober) -> None:
    url = server.route("/ready", {"status": "pass", "version": "1", "releaseId": "1.4.2"})
    before = time.time()
    result = await prober.probe(url, 2.0)
    assert (result.status, result.ok, result.http_status, result.version, result.reason) == (
        "pass",
        True,
        200,
        "1.4.2",
        "",
    )
    assert result.latency_ms > 0 and result.at >= before
    assert result.evidence().model_dump() == {
        "ok": True,
        "latency_ms": result.latency_ms,
        "http_status": 200,
        "version": "1.4.2",
        "reason": "",
        "failing_checks": [],
    }


async def test_503_fails_even_when_the_body_says_pass(server: Server, prober: Prober) -> None:
    result = await prober.probe(server.route("/ready", {"status": "pass"}, status=503), 2.0)
    assert (result.status, result.ok, result.http_status, result.reason) == ("fail", False, 503, "HTTP 503")


async def test_actuator_components_down_are_named(server: Server, prober: Prober) -> None:
    document = {
        "status": "DOWN",
        "components": {
            "db": {"status": "DOWN"},
            "ping": {"status": "UP"},
            "build": {"status": "UP", "details": {"version": "2.0.0"}},
        },
    }
    url = server.route("/actuator/health", document, status=503, content_type="application/vnd.spring-boot+json")
    result = await prober.probe(url, 2.0)
    assert (result.status, result.version, result.failing_checks) == ("fail", "2.0.0", ("db",))
    assert result.reason == "HTTP 503; status 'DOWN' (components db down)"
    assert result.evidence().failing_checks == ["db"] and result.evidence().ok is False


async def test_a_degraded_service_warns_and_still_counts_as_serving(server: Server, prober: Prober) -> None:
    result = await prober.probe(server.route("/ready", {"status": "degraded"}, content_type="application/json"), 2.0)
    assert (result.status, result.ok, result.reason) == ("warn", True, "status 'degraded'")


async def test_a_malformed_body_is_a_failure_with_a_reason(server: Server, prober: Prober) -> None:
    result = await prober.probe(server.route("/ready", body=b"{status: up}"), 2.0)
    assert (result.status, result.http_status) == ("fail", 200)
    assert result.reason.startswith("body is not JSON: Expecting property name")


async def test_the_factory_makes_the_default_adapter() -> None:
    made = make_prober()
    assert isinstance(made, AiohttpProber)
    await made.close()
