"""GET /deployments/{id}: one deployment's page (its header, services, timeline filtered by service and event kind
on the server, log, verification, rollback decision, incident, alerts sent, and its replay on the dependency
graph) and the controls its status allows the person (GET .../controls: them again, as the status changes), kept
live by static/js/deployment.js; GET /deployments/{a}/diff/{b} (or ?against=b): both deployments'
versions per service and what changed. Everything read through the read model the API reads."""

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.dashboard.auth.guard import Identity
from services.dashboard.domain.controls import usable
from services.dashboard.domain.views import TERMINAL, DeploymentView

from .deployment_timeline import alerts_sent, choices, timeline_rows
from .deployment_view import LOG_PAGE, duration, header_facts, log_start, moment, service_rows
from .diff_view import diff
from .history_view import deployment_href
from .replay import frame_svg, last_frame, layout_of
from .replay_view import moments
from .site import NO_STORE, Site

STREAM_ID = re.compile(r"-|\d+(-\d+)?")


async def deployment_parts(site: Site, view: DeploymentView, service: str = "", kind: str = "") -> dict[str, Any]:
    """What the page and the report both show of a deployment."""
    events = await site.model.timeline(view.id)
    services, kinds = choices(events)
    active = [alert for alert in await site.model.alerts() if alert.deployment_id == view.id]
    return {
        "view": view,
        "facts": header_facts(view),
        "services": service_rows(view),
        "timeline": timeline_rows(events, service, kind),
        "timeline_total": len(events),
        "services_known": services,
        "kinds_known": kinds,
        "alerts_sent": alerts_sent(events),
        "active_alerts": active,
        "duration": duration,
        "moment": moment,
        "events": events,
    }


async def missing(site: Site, identity: Identity, deployment_id: str) -> HTMLResponse:
    response = await site.render("deployment_missing.html", identity, "/history", deployment_id=deployment_id)
    response.status_code = 404
    return response


def deployment_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/deployments/{deployment_id}", response_class=HTMLResponse)
    async def deployment(
        request: Request,
        deployment_id: str,
        service: str = "",
        kind: str = "",
        log_since: str = "",
        log_at: str = "",
        against: str = "",
    ) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        if against:
            target = f"{deployment_href(deployment_id)}/diff/{deployment_href(against).rsplit('/', 1)[1]}"
            return RedirectResponse(target, 303, headers=NO_STORE)
        view = await site.model.deployment(deployment_id)
        if view is None:
            return await missing(site, identity, deployment_id)
        parts = await deployment_parts(site, view, service, kind)
        for name, raw in (("log_since", log_since), ("log_at", log_at)):
            if raw and not _stream_id(raw):
                parts["log_error"] = f"{name}: {raw[:40]!r} is not a log line's id (like 1764000000000-0)"
        start = "-" if "log_error" in parts else log_start(log_since, log_at)
        log = await site.model.log(view.id, start, LOG_PAGE)
        events = parts.pop("events")
        layout = await layout_of(site.plans, view)
        return await site.render(
            "deployment.html",
            identity,
            "/history",
            **parts,
            filters={"service": service, "kind": kind},
            log=log,
            log_more=log[-1].id if len(log) == LOG_PAGE else None,
            log_from=start,
            replay_svg=frame_svg(layout, last_frame(events), view.id),
            replay_times=moments(events),
            running=view.status not in TERMINAL,
            href=deployment_href(view.id),
            controls=usable(identity.principal, view.status, view.environment),
        )

    @pages.get("/deployments/{deployment_id}/controls", response_class=HTMLResponse)
    async def controls(request: Request, deployment_id: str) -> Response:
        """The controls as they stand now, for the page to swap in when the deployment's status changes."""
        identity = await site.viewer(request)
        view = await site.model.deployment(deployment_id) if identity else None
        if identity is None or view is None:
            return HTMLResponse("", 401 if identity is None else 404, headers=NO_STORE)
        specs = usable(identity.principal, view.status, view.environment)
        macro = site.env.get_template("_actions.html").module.deployment_actions  # type: ignore[attr-defined]
        return HTMLResponse(str(macro(view.id, specs)), headers=NO_STORE)

    @pages.get("/deployments/{left}/diff/{right}", response_class=HTMLResponse)
    async def compare(request: Request, left: str, right: str) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        a, b = await site.model.deployment(left), await site.model.deployment(right)
        if a is None or b is None:
            return await missing(site, identity, left if a is None else right)
        rows = diff(a, b)
        return await site.render(
            "deployment_diff.html",
            identity,
            "/history",
            left=a,
            right=b,
            rows=rows,
            changed=sum(row.change != "same" for row in rows),
            left_href=deployment_href(a.id),
            right_href=deployment_href(b.id),
        )

    return pages


def _stream_id(raw: str) -> bool:
    return STREAM_ID.fullmatch(raw) is not None
