"""GET /alerts: the active alerts in the alerter's groups and the silences, server-rendered from the same queries
GET /api/v1/alerts/groups and /api/v1/silences answer with, then kept current by static/js/alerts.js and
silences.js over the tab's live socket (silence_form.js makes silences). While the read model is rebuilt the page
says it is loading: acknowledgements and silences come from it."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.dashboard.web.alert_board import alert_board

from .alerts_view import BLANK_ALERT, BLANK_SILENCE, acts_in, alert_groups, silence_parts
from .site import Site


def alerts_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/alerts", response_class=HTMLResponse)
    async def alerts(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        now, who, model = datetime.now(UTC), identity.principal, site.model
        loading = not await model.redis.exists(model.keys.built)  # acks and silences are still being read
        shown = await alert_board(model, site.plans, now)
        silences = await model.silences(now, ended=True)
        groups = alert_groups(shown, who)
        return await site.render(
            "alerts.html",
            identity,
            "/alerts",
            groups=groups,
            alert_count=sum(len(group.rows) for group in groups),
            blank_alert=BLANK_ALERT,
            blank_silence=BLANK_SILENCE,
            silences=silence_parts(silences, who, now),
            acts_in=acts_in(who),
            loading=loading,
        )

    return pages
