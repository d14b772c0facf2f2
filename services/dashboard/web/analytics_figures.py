"""The analytics of a query, as the API and the Analytics page both answer it: the range checked (to defaulting to
now, from to 90 days before), the report's levels looked up, the history read, and the figures of its deployments
remembered between answers (analytics_memo.py). A bad range or report raises the domain's error naming its field."""

from datetime import UTC, datetime

from services.dashboard.domain.analytics import Analytics, AnalyticsQuery, analyse, query_range
from services.dashboard.domain.dora_levels import DEFAULT_REPORT, levels_of
from services.dashboard.domain.reliability import Bucket
from services.dashboard.readmodel.analytics_reader import AnalyticsReader

from .analytics_memo import OverviewMemo


class AnalyticsFigures:
    def __init__(self, reader: AnalyticsReader) -> None:
        self.reader, self.memo = reader, OverviewMemo()

    async def of(
        self,
        environment: str | None,
        service: str | None,
        start: datetime | None,
        end: datetime | None,
        bucket: Bucket = "day",
        report: int = DEFAULT_REPORT,
    ) -> Analytics:
        """Raises RangeError ("from: ...") or UnknownReportError ("report: ...")."""
        levels = levels_of(report)
        start, end = query_range(start, end, datetime.now(UTC))
        query = AnalyticsQuery(
            environment=environment, service=service, start=start, end=end, bucket=bucket, report=report
        )
        read = await self.reader.read(start.timestamp(), end.timestamp(), environment)
        split = self.memo.split(read.digest, environment)
        return analyse(query, levels, read.summaries, read.findings, read.changes, split)
