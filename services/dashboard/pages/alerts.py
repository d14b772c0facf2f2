"""GET /alerts: the active alerts in the alerter's groups and the silences, server-rendered from the same queries
GET /api/v1/alerts/groups and /api/v1/silences answer with, then kept current by static/js/alerts.js and
silences.js over the tab's live socket."""

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
        now, who = datetime.now(UTC), identity.principal
        shown = await alert_board(site.model, site.plans, now)
        silences = await site.model.silences(now, ended=True)
        groups = alert_groups(shown, who)
        return site.render(
            "alerts.html",
            identity,
            "/alerts",
            groups=groups,
            alert_count=sum(len(group.rows) for group in groups),
            blank_alert=BLANK_ALERT,
            blank_silence=BLANK_SILENCE,
            silences=silence_parts(silences, who, now),
            acts_in=acts_in(who),
        )

    return pages
