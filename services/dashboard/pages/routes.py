"""The pages' routes: GET /login, and the pages a signed-in person sees (GET / is Now). An anonymous request for a
page is sent to /login?next=...; a signed-in one to the login page goes on to where it was headed. Pages read what
the API reads (the same Auth, the same read model) and are never cached: they show what only a user may see."""

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.dashboard.auth.guard import Auth, Identity
from services.dashboard.domain.roles import Allowed, authorize
from services.dashboard.readmodel.queries import ReadModel

from .assets import static_app
from .environment import STATIC_URL, pages_environment
from .views import BLANK, login_location, nav, now_parts, safe_next

NO_STORE = {"Cache-Control": "no-store"}


def mount_pages(app: FastAPI, auth: Auth, model: ReadModel) -> None:
    """The pages and their static files, on the dashboard's app beside /api/v1."""
    app.include_router(pages_router(auth, model), include_in_schema=False)
    app.mount(STATIC_URL, static_app(), name="static")


def pages_router(auth: Auth, model: ReadModel) -> APIRouter:
    pages = APIRouter()
    env = pages_environment()

    def render(name: str, identity: Identity | None, path: str, **values: Any) -> HTMLResponse:
        user = identity.principal if identity else None
        csrf = identity.session.csrf if identity and identity.session else None
        context: Mapping[str, Any] = {"user": user, "csrf_token": csrf, "nav": nav(path), **values}
        return HTMLResponse(env.get_template(name).render(context), headers=NO_STORE)

    async def viewer(request: Request) -> Identity | None:
        identity = await auth.identify(request)
        allowed = isinstance(authorize(identity.principal if identity else None, "read"), Allowed)
        return identity if allowed else None

    def to_login(request: Request) -> Response:
        return RedirectResponse(login_location(request.url.path, request.url.query), 303, headers=NO_STORE)

    @pages.get("/login", response_class=HTMLResponse)
    async def login(request: Request, next: str | None = None) -> Response:
        target = safe_next(next)
        if await viewer(request) is not None:
            return RedirectResponse(target, 303, headers=NO_STORE)
        return render("login.html", None, "/login", next=target)

    @pages.get("/", response_class=HTMLResponse)
    async def now(request: Request) -> Response:
        identity = await viewer(request)
        if identity is None:
            return to_login(request)
        loading = not await model.redis.exists(model.keys.built)  # the read model is still being (re)built
        snapshot = await model.snapshot()
        return render("now.html", identity, "/", parts=now_parts(snapshot.deployments), blank=BLANK, loading=loading)

    return pages
