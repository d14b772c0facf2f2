"""A deployment's timeline as its page shows it: each event a row of text (when, what, which service, the words
that matter), filtered by service and event kind on the server, and the alerts sent about it (the alerter's
alert-sent, alert-failed and alert-escalated events carry the deployment's id, so they are in its timeline). Pure."""

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from shared.events import AlertEscalated, AlertFailed, AlertSent, Event

from .views import when

SAID = ("reason", "summary", "detail", "error", "title", "decision", "comment", "version", "status")
MOST_SAID = 300


@dataclass(frozen=True)
class TimelineRow:
    anchor: str
    at_iso: str
    at_text: str
    kind: str
    service: str
    said: str
    by: str


def _said(payload: BaseModel) -> str:
    """The payload's words worth reading in a line: its reason, summary, version... (not its numbers' noise)."""
    fields = payload.model_dump(mode="json")
    words = [f"{name} {fields[name]}" for name in SAID if isinstance(fields.get(name), str) and fields[name]]
    for name in ("reasons", "services"):
        if isinstance(fields.get(name), list) and fields[name]:
            words.append(f"{name}: {', '.join(str(v) for v in fields[name])}")
    said = "; ".join(words)
    return said if len(said) <= MOST_SAID else said[: MOST_SAID - 1] + "…"


def _by(payload: BaseModel) -> str:
    fields = payload.model_dump(mode="json")
    for name in ("requested_by", "by", "granted_by", "created_by"):
        if isinstance(fields.get(name), str) and fields[name]:
            return str(fields[name])
    return ""


def row_of_event(event: Event) -> TimelineRow:
    return TimelineRow(
        anchor=f"event-{event.event_id}",
        at_iso=event.occurred_at.isoformat(),
        at_text=when(event.occurred_at),
        kind=event.type,
        service=event.service or "",
        said=_said(event.payload),
        by=_by(event.payload),
    )


def timeline_rows(events: Sequence[Event], service: str = "", kind: str = "") -> list[TimelineRow]:
    """The events, oldest first, of that service (its own events; "" for all) and that kind ("" for all)."""
    return [
        row_of_event(event)
        for event in events
        if (not service or event.service == service) and (not kind or event.type == kind)
    ]


def choices(events: Sequence[Event]) -> tuple[list[str], list[str]]:
    """The services and the event kinds the timeline has: the filter's options."""
    services = sorted({event.service for event in events if event.service})
    kinds = sorted({event.type for event in events})
    return services, kinds


@dataclass(frozen=True)
class AlertRow:
    at_iso: str
    at_text: str
    outcome: str  # sent, failed, escalated
    channel: str
    severity: str
    summary: str
    error: str


def alerts_sent(events: Sequence[Event]) -> list[AlertRow]:
    """Every alert delivered (or not) about the deployment, and each escalation, oldest first."""
    rows = []
    for event in events:
        at = (event.occurred_at.isoformat(), when(event.occurred_at))
        match event:
            case AlertSent(payload=p) | AlertFailed(payload=p):
                outcome = "sent" if isinstance(event, AlertSent) else "failed"
                channel = f"{p.channel} ({p.channel_type})"
                rows.append(AlertRow(*at, outcome, channel, p.severity, p.summary, p.error))
            case AlertEscalated(payload=p):
                rows.append(AlertRow(*at, "escalated", ", ".join(p.channels), p.severity, p.summary, ""))
    return rows
