"""GET /: the Now page, deployments in flight and recent ones, server-rendered from the read model's snapshot (the
one the live socket sends first), then kept current by static/js/now.js."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .site import Site
from .views import BLANK, now_parts


def now_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/", response_class=HTMLResponse)
    async def now(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        model = site.model
        loading = not await model.redis.exists(model.keys.built)  # the read model is still being (re)built
        snapshot = await model.snapshot()
        return site.render(
            "now.html", identity, "/", parts=now_parts(snapshot.deployments), blank=BLANK, loading=loading
        )

    return pages
