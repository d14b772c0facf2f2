"""Alerts and silences as the dashboard shows them. Pure.

Silences are folded from their events alone (silence-created, silence-expired, in either order). Which alerts
fire is the alerter's to decide (its rules over the events, kept in its own keys): the dashboard shows the
alerter's active alerts as they are, with what the events say people and the alerter did about each one
(acknowledged by whom, escalated to which level), folded here by fingerprint."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import Field, ValidationError

from shared.events import AlertAcknowledged, AlertEscalated, Event, SilenceCreated, SilenceExpired
from shared.events.alerting import Matcher

from .views import View

Severity = Literal["info", "warning", "critical"]


class SilenceView(View):
    silence_id: str
    matchers: list[Matcher] = Field(default_factory=list)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    created_by: str = ""
    comment: str = ""
    expired_by: str | None = None  # ended early, by hand
    expired_at: datetime | None = None

    def state(self, now: datetime) -> Literal["pending", "active", "ended"]:
        if self.expired_at is not None or self.ends_at is None or self.ends_at <= now:
            return "ended"
        return "pending" if self.starts_at is not None and now < self.starts_at else "active"


def project_silence(view: SilenceView | None, event: Event) -> SilenceView | None:
    """The silence after `event`; None for an event about no silence."""
    match event:
        case SilenceCreated(payload=p):
            created = {
                "matchers": list(p.matchers),
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
                "created_by": p.created_by,
                "comment": p.comment,
            }
            return (view or SilenceView(silence_id=p.silence_id)).model_copy(update=created)
        case SilenceExpired(payload=p):
            expired = {"expired_by": p.by, "expired_at": event.occurred_at}
            if view is not None and view.expired_at is not None and view.expired_at <= event.occurred_at:
                return view  # the first expiry stands
            return (view or SilenceView(silence_id=p.silence_id)).model_copy(update=expired)
    return None


class Acknowledgement(View):
    by: str
    via: str = "cli"
    at: datetime
    comment: str = ""


class AlertActivity(View):
    """What the events say was done about one alert."""

    fingerprint: str
    acknowledged: Acknowledgement | None = None
    escalation_level: int = 0
    escalated_at: datetime | None = None
    escalated_to: list[str] = Field(default_factory=list)


def project_activity(activity: AlertActivity | None, event: Event) -> AlertActivity | None:
    match event:
        case AlertAcknowledged(payload=p):
            known = activity or AlertActivity(fingerprint=p.fingerprint)
            if known.acknowledged is not None and known.acknowledged.at <= event.occurred_at:
                return known  # the first acknowledgement stands
            ack = Acknowledgement(by=p.by, via=p.via, at=event.occurred_at, comment=p.comment)
            return known.model_copy(update={"acknowledged": ack})
        case AlertEscalated(payload=p):
            known = activity or AlertActivity(fingerprint=p.fingerprint)
            if p.level < known.escalation_level:
                return known  # a late copy of an earlier step
            update = {"escalation_level": p.level, "escalated_at": event.occurred_at, "escalated_to": p.channels}
            return known.model_copy(update=update)
    return None


class AlertView(View):
    fingerprint: str
    name: str = Field(description="the rule, named after the event that fires it, like deployment-failed")
    severity: Severity
    environment: str
    service: str | None = None
    deployment_id: str | None = None
    services: list[str] = Field(default_factory=list)
    summary: str
    details: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime
    acknowledged: Acknowledgement | None = None
    escalation_level: int = 0
    escalated_to: list[str] = Field(default_factory=list)


SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}


def alert_view(fingerprint: str, record: Mapping[str, Any], activity: AlertActivity | None) -> AlertView | None:
    """The alerter's record of an active alert with what was done about it; None for a record it cannot read."""
    try:
        starts = datetime.fromtimestamp(float(record["starts_at"]), UTC)
        view = AlertView.model_validate(
            {key: record[key] for key in AlertView.model_fields if key in record}
            | {"fingerprint": fingerprint, "starts_at": starts}
        )
    except (KeyError, TypeError, ValueError, ValidationError):
        return None
    if activity is None:  # what was done about an earlier firing of the same alert does not count
        return view
    done: dict[str, object] = {}
    if activity.acknowledged is not None and activity.acknowledged.at >= starts:
        done["acknowledged"] = activity.acknowledged
    if activity.escalated_at is not None and activity.escalated_at >= starts:
        done |= {"escalation_level": activity.escalation_level, "escalated_to": activity.escalated_to}
    return view.model_copy(update=done)


def most_severe_first(alerts: list[AlertView]) -> list[AlertView]:
    return sorted(alerts, key=lambda a: (SEVERITY_RANK.get(a.severity, 3), -a.starts_at.timestamp(), a.fingerprint))
