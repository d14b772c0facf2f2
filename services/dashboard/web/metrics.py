"""Request counts and latency by route, for /metrics. A plain ASGI middleware (not starlette's BaseHTTPMiddleware,
which buffers and re-wraps every response): it sees a streamed response (SSE) end like any other.

The route label is the matched route's template (`/api/v1/deployments/{deployment_id}`), never the raw path, so a
scan of made-up URLs cannot grow the metrics without bound: what no route matched is counted as "unmatched"."""

import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "flightdeck_dashboard_http_requests_total",
    "HTTP requests the dashboard answered, by method, route template and status code",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "flightdeck_dashboard_http_request_seconds",
    "Time from a request's arrival to the end of its response, by method and route template",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
)
UNMATCHED = "unmatched"


def route_of(scope: Scope, prefix: str = "") -> str:
    """The template of the route that answered (set by the router in the scope), else "unmatched". FastAPI keeps an
    included router's routes without the prefix it was included under: `prefix` puts it back."""
    route = scope.get("route")
    path = getattr(route, "path_format", None)
    if not isinstance(path, str):
        return UNMATCHED
    if prefix and str(scope.get("path", "")).startswith(prefix) and not path.startswith(prefix):
        return prefix + path
    return path


class RequestMetrics:
    """Counts every HTTP request once, when its response ends (or the app fails: a 500 with no response sent)."""

    def __init__(self, app: ASGIApp, prefix: str = "") -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route, method = route_of(scope, self.prefix), scope.get("method", "GET")
            REQUESTS.labels(method=method, route=route, status=str(status)).inc()
            LATENCY.labels(method=method, route=route).observe(time.perf_counter() - started)
