"""GET /attention/live: Needs attention's list as the page shows it, rendered afresh for who asks (each need with
the controls beside it that the person may use), with its count and key: static/js/attention.js swaps the list
when the key moved. GET /api/v1/attention answers the same needs as JSON, for scripts."""

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from .site import NO_STORE, Site


def attention_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/attention/live")
    async def live(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return JSONResponse({"error": "sign in to see what needs attention"}, 401, headers=NO_STORE)
        return JSONResponse(asdict(await site.attention(identity.principal)), headers=NO_STORE)

    return pages
