"""An incident's timeline: one entry per event, with a one-line summary a person reads (pure)."""

from datetime import datetime

from pydantic import BaseModel

from shared.events import (
    DeploymentStarted,
    Event,
    HealthDegraded,
    PerformanceDegraded,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
)
from shared.events.rollback import RollbackOutcomePayload

SUMMARY_CAP = 300


class TimelineEntry(BaseModel):
    at: datetime
    type: str
    service: str | None = None
    summary: str
    event_id: str


def entry_for(event: Event) -> TimelineEntry:
    return TimelineEntry(
        at=event.occurred_at,
        type=event.type,
        service=event.service,
        summary=summary(event)[:SUMMARY_CAP],
        event_id=event.event_id,
    )


def summary(event: Event) -> str:
    """One line about the event: its own words for the events an incident turns on, else the common fields."""
    match event:
        case DeploymentStarted():
            return "started: " + (", ".join(f"{s} {v}" for s, v in event.payload.versions.items()) or "-")
        case HealthDegraded():
            p = event.payload
            return f"{event.service} {p.status}" + (
                f" (error rate {p.error_rate:.1%})" if p.error_rate is not None else ""
            )
        case PerformanceDegraded():
            m = event.payload
            shown = _amount(m.metric, m.value)
            limit = _amount(m.metric, m.threshold)
            return f"{event.service} {m.version}: {m.metric} {shown} over {limit}"
        case RollbackRequested():
            r = event.payload
            return f"rollback requested by {r.requested_by} ({r.trigger}): {r.reason}"
        case RollbackStarted():
            return "rollback started: " + (" then ".join(", ".join(w) for w in event.payload.waves) or "-")
        case RollbackCompleted():
            return f"rollback completed in {event.payload.duration_s:.1f}s: {_outcomes(event.payload)}"
        case RollbackFailed():
            return f"rollback failed: {_outcomes(event.payload)}"
    return _plain(event)


def _plain(event: Event) -> str:
    """'service deploy failed: api 1.2.0 (rollback): exit 1', from the fields most payloads share."""
    p = event.payload
    step = getattr(p, "step", None)
    head = " ".join(str(x) for x in (event.service, getattr(p, "version", None), step and f"({step})") if x)
    detail = str(getattr(p, "reason", "") or getattr(p, "summary", ""))
    return ": ".join(x for x in (event.type.replace("-", " "), head, detail) if x)


def _amount(metric: str, value: float) -> str:
    return f"{value:.1%}" if metric == "error_rate" else f"{value:g}" + (" ms" if metric == "latency_p95" else "")


def _outcomes(p: RollbackOutcomePayload) -> str:
    restored = (
        f"{o.service} -> {o.restored_version or '?'}" if o.ok else f"{o.service} not restored: {o.detail}"
        for o in p.outcomes
    )
    return ", ".join(restored) or "no services"
