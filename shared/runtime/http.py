"""The HTTP side of every worker: liveness, readiness (health+json), and Prometheus metrics."""

from collections.abc import Awaitable, Callable, Sequence

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

HEALTH_JSON = "application/health+json"


def health_app(
    service: str, version: str, checks: Callable[[], Awaitable[dict[str, str]]], extra: Sequence[BaseRoute] = ()
) -> Starlette:
    """`checks` returns {name: "pass" | reason}; ready only when every check passes."""

    async def live(_: Request) -> Response:
        return JSONResponse({"status": "pass", "serviceId": service, "version": version}, media_type=HEALTH_JSON)

    async def ready(_: Request) -> Response:
        results = await checks()
        ok = all(value == "pass" for value in results.values())
        body = {
            "status": "pass" if ok else "fail",
            "serviceId": service,
            "version": version,
            "checks": {
                name: [{"status": "pass" if v == "pass" else "fail", "output": "" if v == "pass" else v}]
                for name, v in results.items()
            },
        }
        return JSONResponse(body, status_code=200 if ok else 503, media_type=HEALTH_JSON)

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route("/health/live", live),
            Route("/health/ready", ready),
            Route("/metrics", metrics),
            *extra,
        ]
    )
