"""Success rate and duration (mean, p50, p95) of ended deployments, over time buckets, by environment and by
service. A deployment falls in the bucket of its end (UTC); weeks start on Monday (ISO 8601). By service, a
deployment counts for every service it deployed, with that service's own duration (domain/summary.py)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from .stats import mean, percentile, ratio
from .summary import Summary

Bucket = Literal["day", "week"]


class Durations(BaseModel):
    mean_s: float | None
    p50_s: float | None
    p95_s: float | None


class Outcomes(BaseModel):
    start: date = Field(description="the bucket's first day")
    deployments: int = Field(description="ended deployments in the bucket")
    succeeded: int
    failed: int = Field(description="failed, rolled back or opened an incident")
    success_rate: float | None = Field(description="succeeded over succeeded and failed; null when neither")
    duration: Durations


def bucket_of(at: float, bucket: Bucket) -> date:
    day = datetime.fromtimestamp(at, UTC).date()
    return day if bucket == "day" else day - timedelta(days=day.weekday())


def durations(values: list[float]) -> Durations:
    return Durations(mean_s=mean(values), p50_s=percentile(values, 0.5), p95_s=percentile(values, 0.95))


def outcomes(rows: Iterable[tuple[Summary, float | None]], start: date) -> Outcomes:
    """One bucket's figures from (summary, duration) pairs; a duration of None is left out of the durations."""
    rows = list(rows)
    succeeded = sum(1 for s, _ in rows if s.status == "succeeded")
    failed = sum(1 for s, _ in rows if s.failed)
    return Outcomes(
        start=start,
        deployments=len(rows),
        succeeded=succeeded,
        failed=failed,
        success_rate=ratio(succeeded, succeeded + failed),
        duration=durations([d for _, d in rows if d is not None]),
    )


def series(rows: Iterable[tuple[Summary, float | None]], bucket: Bucket) -> list[Outcomes]:
    """The figures of each bucket that has a deployment, oldest first."""
    buckets: dict[date, list[tuple[Summary, float | None]]] = {}
    for row in rows:
        buckets.setdefault(bucket_of(row[0].ended, bucket), []).append(row)
    return [outcomes(buckets[start], start) for start in sorted(buckets)]


def by_environment(summaries: list[Summary], bucket: Bucket) -> dict[str, list[Outcomes]]:
    grouped: dict[str, list[tuple[Summary, float | None]]] = {}
    for s in summaries:
        grouped.setdefault(s.environment, []).append((s, s.duration_s))
    return {name: series(rows, bucket) for name, rows in sorted(grouped.items())}


def by_service(summaries: list[Summary], bucket: Bucket, only: str | None = None) -> dict[str, list[Outcomes]]:
    grouped: dict[str, list[tuple[Summary, float | None]]] = {}
    for s in summaries:
        for name, run in s.services.items():
            if only is None or name == only:
                grouped.setdefault(name, []).append((s, run.duration_s))
    return {name: series(rows, bucket) for name, rows in sorted(grouped.items())}
