"""The pages' routes, mounted on the dashboard's app beside /api/v1: GET /login, and the pages a signed-in person
sees, each page's routes in its own module (now.py: GET /). An anonymous request for a page is sent to
/login?next=...; a signed-in one to the login page goes on to where it was headed. Pages read what the API reads
(the same Auth, the same read model)."""

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.dashboard.auth.guard import Auth
from services.dashboard.readmodel.queries import ReadModel
from services.dashboard.web.analytics_figures import AnalyticsFigures
from shared.plan.cache import PlanCache

from .account import account_router
from .alerts import alerts_router
from .analytics import analytics_router
from .assets import static_app
from .attention import attention_router
from .deployment import deployment_router
from .environment import STATIC_URL
from .history import history_router
from .now import now_router
from .replay import replay_router
from .report import report_router
from .services import services_router
from .site import NO_STORE, Site
from .views import safe_next


def mount_pages(app: FastAPI, auth: Auth, model: ReadModel, plans: PlanCache, analytics: AnalyticsFigures) -> None:
    """The pages and their static files."""
    site = Site(auth, model, plans, analytics)
    for router in (
        login_router(site),
        now_router(site),
        attention_router(site),
        alerts_router(site),
        account_router(site),
        services_router(site),
        history_router(site),
        analytics_router(site),
        deployment_router(site),
        replay_router(site),
        report_router(site),
    ):
        app.include_router(router, include_in_schema=False)
    app.mount(STATIC_URL, static_app(), name="static")


def login_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/login", response_class=HTMLResponse)
    async def login(request: Request, next: str | None = None) -> Response:
        target = safe_next(next)
        if await site.viewer(request) is not None:
            return RedirectResponse(target, 303, headers=NO_STORE)
        return await site.render("login.html", None, "/login", next=target)

    return pages
