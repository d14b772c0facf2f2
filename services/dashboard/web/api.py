"""The dashboard's FastAPI app: every router under /api/v1, one error shape, security headers, request metrics.

The OpenAPI document is served at /api/v1/openapi.json, generated from the same pydantic models the events and
the read model are. No Swagger or ReDoc page: both load their scripts from a CDN, which a closed network does not
have and the content security policy forbids."""

from collections.abc import Sequence

from fastapi import APIRouter, FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from . import errors
from .headers import SecurityHeaders
from .metrics import RequestMetrics

PREFIX = "/api/v1"
OPENAPI = f"{PREFIX}/openapi.json"


def build_api(routers: Sequence[APIRouter], version: str, *, title: str = "Flightdeck") -> FastAPI:
    app = FastAPI(
        title=title,
        version=version,
        description="Deployments, services, alerts and silences; deploy, approve, cancel, roll back, resume.",
        openapi_url=OPENAPI,
        docs_url=None,
        redoc_url=None,
    )
    for router in routers:
        app.include_router(router, prefix=PREFIX)
    errors.install(app)
    return app


def served(app: FastAPI) -> ASGIApp:
    """The app as the server runs it: wrapped outside FastAPI's own error middleware, so a 500 carries the
    security headers too, and is counted; answers of 1 KB and more gzipped for a client that accepts it (Server-Sent
    Events never: Starlette leaves text/event-stream alone). Pages carry their CSRF token masked afresh each time
    (auth/csrf_mask.py), so compression gives BREACH nothing to measure."""
    return GZipMiddleware(RequestMetrics(SecurityHeaders(app), prefix=PREFIX), minimum_size=1024)
