"""A digest's content from the analytics of its period and environment (domain/analytics.py): how many deployments
ended, succeeded and failed, the rollbacks and what asked for them, the four DORA figures with their levels, and
each service's uptime, worst first. Pure: the scheduler reads the analytics, publishes what this gives."""

from urllib.parse import urlencode

from shared.events.digests import DigestFigure, DigestReadyPayload, RollbackCause, ServiceUptime
from shared.plan.digests import Digest

from .analytics import Analytics
from .digest_schedule import Period
from .figures_text import duration_text, percent

CAUSES_SHOWN = 5


def _frequency_text(successful: int, days: int) -> str:
    if successful == 0:
        return "none"
    per_day = successful / days if days else 0
    return f"{successful} successful ({per_day:.1f} a day)"


def figures(analytics: Analytics, days: int) -> list[DigestFigure]:
    dora = analytics.dora
    frequency, lead, failures, restore = (
        dora.deployment_frequency,
        dora.lead_time,
        dora.change_failure_rate,
        dora.time_to_restore,
    )
    failure_text = f"{percent(failures.value)} ({failures.failed} of {failures.judged})" if failures.judged else "—"
    restore_text = duration_text(restore.value)
    if restore.open_incident_ids:
        restore_text += f" ({len(restore.open_incident_ids)} incident still open)"
    said = [
        ("deployment frequency", frequency.deployments / days if days else None, frequency.unit, frequency.level),
        ("lead time for changes", lead.value, lead.unit, lead.level),
        ("change failure rate", failures.value, failures.unit, failures.level),
        ("time to restore service", restore.value, restore.unit, restore.level),
    ]
    texts = [_frequency_text(frequency.deployments, days), duration_text(lead.value), failure_text, restore_text]
    return [
        DigestFigure(name=name, value=value, unit=unit, text=text, level=level)
        for (name, value, unit, level), text in zip(said, texts, strict=True)
    ]


def analytics_path(digest: Digest, period: Period) -> str:
    query = {"environment": digest.environment, "from": period.start.isoformat(), "to": period.end.isoformat()}
    return "/analytics?" + urlencode(query)


def compose(digest: Digest, period: Period, analytics: Analytics) -> DigestReadyPayload:
    """The digest of `period`, from the analytics of its environment over exactly that period."""
    days = max(1, round((period.end - period.start).total_seconds() / 86400))
    outcomes = analytics.over_time
    uptime = [
        ServiceUptime(service=row.service, uptime=row.uptime, down_s=row.down_s)
        for row in analytics.uptime
        if row.environment == digest.environment
    ]
    uptime.sort(key=lambda row: (row.uptime if row.uptime is not None else 2.0, row.service))
    causes = [RollbackCause(cause=c.cause, count=c.count) for c in analytics.rollbacks.triggers[:CAUSES_SHOWN]]
    return DigestReadyPayload(
        every=digest.every,
        period_start=period.start,
        period_end=period.end,
        timezone=digest.timezone,
        channels=list(digest.channels),
        deployments=analytics.deployments,
        succeeded=sum(bucket.succeeded for bucket in outcomes),
        failed=sum(bucket.failed for bucket in outcomes),
        rollbacks=analytics.rollbacks.count,
        rollback_causes=causes,
        figures=figures(analytics, days),
        uptime=uptime,
        analytics_path=analytics_path(digest, period),
    )
