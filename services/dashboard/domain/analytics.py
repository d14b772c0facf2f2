"""The dashboard's analytics over a time range, from plain values: the deployments' summaries, the monitor's
performance findings and health changes. One environment and one service narrow it; left out, the figures are
over all of them, broken down by environment and by service.

Only the top-level figures list the ids behind them: a breakdown's ids are those of the same query narrowed to that
environment or service (ten thousand deployments times their services would make an answer of megabytes)."""

from datetime import UTC, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .dora import Dora, dora
from .dora_levels import DEFAULT_REPORT, Levels
from .impact import Finding, Impact, impacts
from .reliability import Bucket, Outcomes, by_environment, by_service, series
from .rollbacks import Rollbacks, rollbacks
from .summary import Summary
from .uptime import Change, Uptime, uptime

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
        and (query.service is None or query.service in s.services)
    ]


def _without_ids(figures: Dora) -> Dora:
    return Dora.model_validate(_strip(figures.model_dump()))


def _strip(value: object) -> object:
    if isinstance(value, dict):
        return {k: [] if k.endswith("_ids") else _strip(v) for k, v in value.items()}
    return value


def analyse(
    query: AnalyticsQuery, levels: Levels, summaries: list[Summary], findings: list[Finding], changes: list[Change]
) -> Analytics:
    chosen = selected(summaries, query)
    start, end = query.start.timestamp(), query.end.timestamp()
    environments: dict[str, list[Summary]] = {}
    services: dict[str, list[Summary]] = {}
    for s in chosen:
        environments.setdefault(s.environment, []).append(s)
        for name in s.services:
            if query.service is None or name == query.service:
                services.setdefault(name, []).append(s)
    wanted = [
        c
        for c in changes
        if (query.environment is None or c.environment == query.environment)
        and (query.service is None or c.service == query.service)
    ]
    return Analytics(
        query=query,
        deployments=len(chosen),
        dora=dora(chosen, start, end, levels),
        dora_by_environment={k: _without_ids(dora(v, start, end, levels)) for k, v in sorted(environments.items())},
        dora_by_service={k: _without_ids(dora(v, start, end, levels)) for k, v in sorted(services.items())},
        over_time=series(((s, s.duration_s) for s in chosen), query.bucket),
        by_environment=by_environment(chosen, query.bucket),
        by_service=by_service(chosen, query.bucket, query.service),
        rollbacks=rollbacks(chosen),
        impact=[i for i in impacts(chosen, findings) if query.service in (None, i.service)],
        uptime=uptime(wanted, start, end),
    )
