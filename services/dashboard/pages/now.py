"""GET /: the Now page, deployments in flight (each as a live timeline, pages/progress_view.py) and recent ones,
server-rendered from the read model's snapshot (the one the live socket sends first), then kept current by
static/js/now.js; and, for who may deploy somewhere, the form that starts a deployment (static/js/deploy.js)."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.dashboard.domain.controls import may_deploy
from services.dashboard.web.attention import readable_plan

from .now_view import BLANKS, progress_by_id
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
        stored = await readable_plan(site.plans)  # no deploy form while the plan file is broken
        plan_environments = list(stored.plan.environments) if stored else []
        return await site.render(
            "now.html",
            identity,
            "/",
            parts=now_parts(snapshot.deployments),
            progress=progress_by_id(snapshot.deployments, datetime.now(UTC)),
            blank=BLANK,
            blanks=BLANKS,
            loading=loading,
            deploy_to=[name for name in plan_environments if may_deploy(identity.principal, name)],
            services=sorted(stored.plan.services) if stored else [],
        )

    return pages
