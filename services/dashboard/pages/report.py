"""GET /deployments/{id}/report: one deployment as a self-contained HTML document (report_view.py): the page's
facts, services, outcome, verification, rollback decision, incident, alerts sent, the graph as it ended, the
timeline and the log, print-friendly. With ?download=1 the browser saves it as deployment-<id>.html."""

from datetime import UTC, datetime
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from .deployment import deployment_parts, missing
from .environment import STATIC
from .replay import frame_svg, last_frame, layout_of
from .report_view import disposition, report_css, report_policy
from .site import NO_STORE, Site
from .views import when

REPORT_LOG_LINES = 5000
REPORT_NODE_LINK = "#service-{service}"


@cache
def _css(mtime_ns: int) -> str:
    return report_css((STATIC / "app.css").read_text())


def stylesheet() -> str:
    """The built stylesheet with the print rules, read again only when the file changed."""
    return _css((STATIC / "app.css").stat().st_mtime_ns)


def report_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/deployments/{deployment_id}/report", response_class=HTMLResponse)
    async def report(request: Request, deployment_id: str, download: bool = False) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        view = await site.model.deployment(deployment_id)
        if view is None:
            return await missing(site, identity, deployment_id)
        parts = await deployment_parts(site, view)
        events = parts.pop("events")
        layout = await layout_of(site.plans, view)
        graph = frame_svg(layout, last_frame(events), view.id, href=REPORT_NODE_LINK)
        css = stylesheet()
        log = await site.model.log(view.id, "-", REPORT_LOG_LINES)
        html = site.env.get_template("report.html").render(
            **parts, css=css, graph=graph, log=log, log_cut=len(log) == REPORT_LOG_LINES, made=when(datetime.now(UTC))
        )
        headers = {**NO_STORE, "Content-Security-Policy": report_policy(css)}
        headers["Content-Disposition"] = disposition(view.id, download)
        return HTMLResponse(html, headers=headers)

    return pages
