"""GET /api/v1/analytics: DORA metrics with their levels and the ids behind them, success rate and durations over
time, rollbacks and their causes, performance impact and uptime, over a range (from, to; the last 90 days by
default), for one environment or service or all. /analytics/csv answers the same numbers as CSV. Viewer role."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.analytics import Analytics, RangeError
from services.dashboard.domain.dora_levels import DEFAULT_REPORT, UnknownReportError
from services.dashboard.domain.reliability import Bucket

from .analytics_csv import to_csv
from .analytics_figures import AnalyticsFigures
from .errors import field_error

When = AwareDatetime | None


def analytics_router(auth: Auth, analytics_of: AnalyticsFigures) -> APIRouter:
    api = APIRouter(tags=["analytics"])

    async def figures(
        environment: str | None,
        service: str | None,
        start: datetime | None,
        end: datetime | None,
        bucket: Bucket,
        report: int,
    ) -> Analytics:
        try:
            return await analytics_of.of(environment, service, start, end, bucket, report)
        except UnknownReportError as error:
            raise field_error("report", str(error).removeprefix("report: "), "query") from None
        except RangeError as error:
            raise field_error("from", str(error).removeprefix("from: "), "query") from None

    @api.get("/analytics")
    async def analytics(
        request: Request,
        environment: str | None = None,
        service: str | None = None,
        start: Annotated[When, Query(alias="from", description="deployments that ended at or after")] = None,
        end: Annotated[When, Query(alias="to", description="deployments that ended before; default now")] = None,
        bucket: Bucket = "day",
        report: int = DEFAULT_REPORT,
    ) -> Analytics:
        """The range's figures; each DORA metric names the deployments behind it."""
        await auth.require(request, "read")
        return await figures(environment, service, start, end, bucket, report)

    @api.get("/analytics/csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
    async def analytics_csv(
        request: Request,
        environment: str | None = None,
        service: str | None = None,
        start: Annotated[When, Query(alias="from")] = None,
        end: Annotated[When, Query(alias="to")] = None,
        bucket: Bucket = "day",
        report: int = DEFAULT_REPORT,
    ) -> Response:
        """The same numbers as CSV: section, scope, name, bucket, metric, value, level."""
        await auth.require(request, "read")
        body = to_csv(await figures(environment, service, start, end, bucket, report))
        headers = {"Content-Disposition": 'attachment; filename="flightdeck-analytics.csv"'}
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)

    return api
