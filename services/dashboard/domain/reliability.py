"""Success rate and duration (mean, p50, p95) of ended deployments over time buckets. A deployment falls in the
bucket of its end (UTC); weeks start on Monday (ISO 8601). By service, a deployment counts for every service it
deployed, with that service's own duration (domain/summary.py; the breakdowns are made in domain/breakdown.py)."""

from collections.abc import Iterable
from datetime import date, timedelta
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


def bucket_of(day: date, bucket: Bucket) -> date:
    return day if bucket == "day" else day - timedelta(days=day.weekday())


def durations(values: list[float]) -> Durations:
    return Durations(mean_s=mean(values), p50_s=percentile(values, 0.5), p95_s=percentile(values, 0.95))


def outcomes(start: date, rows: list[Summary], took: list[float]) -> Outcomes:
    """One bucket's figures: its deployments, and the durations to report (those known)."""
    succeeded = sum(1 for s in rows if s.succeeded)
    failed = sum(1 for s in rows if s.failed)
    return Outcomes(
        start=start,
        deployments=len(rows),
        succeeded=succeeded,
        failed=failed,
        success_rate=ratio(succeeded, succeeded + failed),
        duration=durations(took),
    )


def series(rows: Iterable[tuple[Summary, float | None]], bucket: Bucket) -> list[Outcomes]:
    """The figures of (summary, duration) pairs per bucket, oldest first; a duration of None is left out."""
    cells: dict[date, tuple[list[Summary], list[float]]] = {}
    for s, duration in rows:
        cell = cells.setdefault(bucket_of(s.day, bucket), ([], []))
        cell[0].append(s)
        if duration is not None:
            cell[1].append(duration)
    return [outcomes(start, *cells[start]) for start in sorted(cells)]
