"""The four DORA metrics over ended deployments (domain/summary.py), each with its level and the ids behind it.

- Deployment frequency: successful deployments, judged by Google's Four Keys rule (dora-team/fourkeys, the
  "Deployment Frequency" panel of dashboard/fourkeys_dashboard.json): every day of the range, grouped into weeks
  starting on Sunday (BigQuery's TIMESTAMP_TRUNC(.., WEEK)); "daily" when the median number of days with a
  deployment per week is at least 3, else "weekly" when the median week has one, else "monthly" when the median
  week sits in a month with at least one week that has one, else "yearly". Four Keys also leaves out the first day
  of its data; here every day of the range counts.
- Lead time for changes: median of (end of the successful deployment - the commit time CI sent), leaving out
  deployments without a commit time and non-positive differences (Four Keys ignores those too, as automated pushes).
- Change failure rate: deployments that failed, were rolled back or opened an incident, over the deployments judged
  (succeeded, failed or rolled back; Summary.judged), never over commits.
- Time to restore service: median of the incidents' time to recover; an incident still open has none yet, and is
  listed apart.
A deployment's time is its end; medians interpolate as SQL's PERCENTILE_CONT does."""

from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel, Field

from .dora_levels import Frequency, Level, Levels
from .stats import median, ratio
from .summary import Summary


class Metric(BaseModel):
    value: float | None = Field(description="null when there is nothing to measure")
    unit: str
    level: Level | None
    deployment_ids: list[str] = Field(description="the deployments behind the value")


class DeploymentFrequency(Metric):
    bucket: Frequency | None = Field(description="Four Keys' bucket; null for a range without a day")
    deployments: int
    days: int


class ChangeFailureRate(Metric):
    failed: int
    judged: int
    judged_ids: list[str]


class TimeToRestore(Metric):
    incidents: int
    open_incident_ids: list[str] = Field(description="deployments whose incident is not resolved yet")


class Dora(BaseModel):
    report: int = Field(description="the State of DevOps report whose levels apply")
    deployment_frequency: DeploymentFrequency
    lead_time: Metric
    change_failure_rate: ChangeFailureRate
    time_to_restore: TimeToRestore


def days_of(start: float, end: float) -> list[date]:
    """Every UTC day the range [start, end) touches."""
    if end <= start:
        return []
    first = datetime.fromtimestamp(start, UTC).date()
    last = datetime.fromtimestamp(end, UTC).date()
    if datetime.fromtimestamp(end, UTC) == datetime(last.year, last.month, last.day, tzinfo=UTC):
        last -= timedelta(days=1)  # an end at midnight touches nothing of that day
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def sunday_week(day: date) -> date:
    return day - timedelta(days=(day.weekday() + 1) % 7)


def frequency_bucket(deployed: set[date], days: list[date]) -> Frequency | None:
    """Four Keys' deployment frequency bucket, from the days with a successful deployment."""
    if not days:
        return None
    weeks: dict[date, list[date]] = {}
    for day in days:
        weeks.setdefault(sunday_week(day), []).append(day)
    days_deployed = [float(sum(1 for d in week if d in deployed)) for week in weeks.values()]
    week_deployed = [1.0 if n else 0.0 for n in days_deployed]
    if (median(days_deployed) or 0) >= 3:
        return "daily"
    if (median(week_deployed) or 0) >= 1:
        return "weekly"
    per_month: dict[tuple[int, int], float] = {}
    for start, flag in zip(weeks, week_deployed, strict=True):
        per_month[(start.year, start.month)] = per_month.get((start.year, start.month), 0.0) + flag
    monthly = [per_month[(start.year, start.month)] for start in weeks]
    return "monthly" if (median(monthly) or 0) >= 1 else "yearly"


def deployment_frequency(summaries: list[Summary], days: list[date], levels: Levels) -> DeploymentFrequency:
    """Over `days`, every day of the range (days_of)."""
    good = [s for s in summaries if s.status == "succeeded"]
    bucket = frequency_bucket({s.day for s in good}, days)
    return DeploymentFrequency(
        value=len(good) / len(days) if days else None,
        unit="deployments per day",
        level=levels.frequency[bucket] if bucket else None,
        deployment_ids=[s.id for s in good],
        bucket=bucket,
        deployments=len(good),
        days=len(days),
    )


def lead_time(summaries: list[Summary], levels: Levels) -> Metric:
    counted = [(s.id, s.lead_s) for s in summaries if s.lead_s is not None]
    value = median([seconds for _, seconds in counted])
    return Metric(
        value=value, unit="seconds", level=levels.lead_time_s.level(value), deployment_ids=[i for i, _ in counted]
    )


def change_failure_rate(summaries: list[Summary], levels: Levels) -> ChangeFailureRate:
    judged = [s for s in summaries if s.judged]
    failed = [s.id for s in judged if s.failed]
    value = ratio(len(failed), len(judged))
    return ChangeFailureRate(
        value=value,
        unit="fraction of deployments",
        level=levels.change_failure_rate.level(value),
        deployment_ids=failed,
        failed=len(failed),
        judged=len(judged),
        judged_ids=[s.id for s in judged],
    )


def time_to_restore(summaries: list[Summary], levels: Levels) -> TimeToRestore:
    incidents = [s for s in summaries if s.incident]
    restored = [s for s in incidents if s.resolved and s.recover_s is not None]
    value = median([s.recover_s for s in restored if s.recover_s is not None])
    return TimeToRestore(
        value=value,
        unit="seconds",
        level=levels.time_to_restore_s.level(value),
        deployment_ids=[s.id for s in restored],
        incidents=len(incidents),
        open_incident_ids=[s.id for s in incidents if not s.resolved],
    )


def dora(summaries: list[Summary], days: list[date], levels: Levels) -> Dora:
    return Dora(
        report=levels.report,
        deployment_frequency=deployment_frequency(summaries, days, levels),
        lead_time=lead_time(summaries, levels),
        change_failure_rate=change_failure_rate(summaries, levels),
        time_to_restore=time_to_restore(summaries, levels),
    )
