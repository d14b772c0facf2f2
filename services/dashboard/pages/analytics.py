"""GET /analytics: how the team delivers over a range (the last 90 days by default): the four DORA metrics with their
levels and the deployments behind them, by environment and by service, outcomes and durations over time, rollbacks
and their causes, performance impact and uptime. Charts are SVG drawn on the server, each with its numbers as a
table; the CSV link downloads the same numbers. Reads what /api/v1/analytics reads, from the same remembered
figures."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.dashboard.domain.analytics import RangeError
from services.dashboard.domain.dora_levels import LEVELS, UnknownReportError
from services.dashboard.domain.figures_text import duration_text, percent

from .analytics_charts import charts
from .analytics_view import (
    BUCKETS,
    REPORTS,
    asked,
    breakdown,
    cards,
    csv_href,
    range_text,
    totals,
)
from .history_view import deployment_href
from .site import Site


def analytics_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/analytics", response_class=HTMLResponse)
    async def analytics(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        form = asked(dict(request.query_params))
        errors, figures = list(form.errors), None
        if not errors:
            try:
                figures = await site.analytics.of(
                    form.environment, form.service, form.start, form.end, form.bucket, form.report
                )
            except (RangeError, UnknownReportError) as error:
                errors.append(str(error))
        loading = not await site.model.redis.exists(site.model.keys.built)
        response = await site.render(
            "analytics.html",
            identity,
            "/analytics",
            values=form.values,
            buckets=BUCKETS,
            reports=REPORTS,
            errors=errors,
            loading=loading,
            figures=figures,
            range=range_text(figures.query.start, figures.query.end, form.environment, form.service) if figures else "",
            source=LEVELS[form.report].source,
            cards=cards(figures.dora) if figures else [],
            by_environment=breakdown(figures.dora_by_environment) if figures else [],
            by_service=breakdown(figures.dora_by_service) if figures else [],
            charts=charts(figures) if figures else None,
            service_totals=totals(figures.by_service) if figures else [],
            csv=csv_href(form.values),
            href=deployment_href,
            duration=duration_text,
            percent=percent,
        )
        if errors:
            response.status_code = 400
        return response

    return pages
