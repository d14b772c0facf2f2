"""The dashboard's analytics over a time range, from plain values: the deployments' summaries, the monitor's
performance findings and health changes. One environment and one service narrow it; left out, the figures are
over all of them, broken down by environment and by service.

Only the top-level figures list the ids behind them: a breakdown's ids are those of the same query narrowed to that
environment or service (ten thousand deployments times their services would make an answer of megabytes)."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .breakdown import Overview, overview
from .dora import Dora, days_of
from .dora_levels import DEFAULT_REPORT, Levels
from .impact import Finding, Impact, impacts
from .reliability import Bucket, Outcomes
from .rollbacks import Rollbacks
from .summary import Summary
from .uptime import Change, Uptime, uptime

Split = Callable[[list[Summary], list[date], Bucket, Levels, str | None], Overview]
DEFAULT_RANGE = timedelta(days=90)  # Four Keys looks at the last three months
MAX_RANGE = timedelta(days=800)


class RangeError(ValueError):
    """A range that is empty, reversed or too long."""


class AnalyticsQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: str | None = None
    service: str | None = None
    start: AwareDatetime = Field(description="from: deployments that ended at or after")
    end: AwareDatetime = Field(description="to: deployments that ended before")
    bucket: Bucket = "day"
    report: int = Field(DEFAULT_REPORT, description="the State of DevOps report year whose levels apply")


def query_range(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """from and to as asked, to defaulting to now and from to 90 days before to; a RangeError naming the field."""
    end = end or now
    start = start or end - DEFAULT_RANGE
    if start >= end:
        raise RangeError(f"from: {start.isoformat()} is not before to ({end.isoformat()})")
    if end - start > MAX_RANGE:
        raise RangeError(f"from: the range is {(end - start).days} days; at most {MAX_RANGE.days} days are analysed")
    return start.astimezone(UTC), end.astimezone(UTC)


class Analytics(BaseModel):
    query: AnalyticsQuery
    deployments: int = Field(description="ended deployments in the range (and environment and service, if asked)")
    dora: Dora
    dora_by_environment: dict[str, Dora] = Field(description="without ids: narrow the query to see them")
    dora_by_service: dict[str, Dora] = Field(description="without ids: narrow the query to see them")
    over_time: list[Outcomes]
    by_environment: dict[str, list[Outcomes]]
    by_service: dict[str, list[Outcomes]] = Field(description="each service with its own duration")
    rollbacks: Rollbacks
    impact: list[Impact]
    uptime: list[Uptime]


def selected(summaries: list[Summary], query: AnalyticsQuery) -> list[Summary]:
    start, end = query.start.timestamp(), query.end.timestamp()
    return [
        s
        for s in summaries
        if start <= s.ended < end
        and (query.environment is None or s.environment == query.environment)
        and (query.service is None or query.service in s.durations)
    ]


def analyse(
    query: AnalyticsQuery,
    levels: Levels,
    summaries: list[Summary],
    findings: list[Finding],
    changes: list[Change],
    split: Split = overview,
) -> Analytics:
    """`split` makes the figures of the deployments (all but impact and uptime; the costly part): the web layer
    passes one that remembers them for the same summaries and days."""
    chosen = selected(summaries, query)
    start, end = query.start.timestamp(), query.end.timestamp()
    parts = split(chosen, days_of(start, end), query.bucket, levels, query.service)
    wanted = [
        c
        for c in changes
        if (query.environment is None or c.environment == query.environment)
        and (query.service is None or c.service == query.service)
    ]
    return Analytics(
        query=query,
        deployments=len(chosen),
        dora=parts.dora,
        dora_by_environment=parts.dora_by_environment,
        dora_by_service=parts.dora_by_service,
        over_time=parts.over_time,
        by_environment=parts.by_environment,
        by_service=parts.by_service,
        rollbacks=parts.rollbacks,
        impact=[i for i in impacts(chosen, findings) if query.service in (None, i.service)],
        uptime=uptime(wanted, start, end),
    )
