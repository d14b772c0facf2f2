"""What Flightdeck itself did: alerts delivered or not, and plan revisions applied."""

from typing import Literal

from pydantic import Field

from .envelope import Event, Name, Payload

Severity = Literal["info", "warning", "critical"]


class AlertDeliveryPayload(Payload):
    fingerprint: str
    channel: Name = Field(description="the channel's name in the plan, never its URL or credentials")
    channel_type: Literal["slack", "email", "webhook"]
    severity: Severity
    summary: str = ""
    error: str = ""
    notification_id: str = ""
    kind: Literal["new", "update", "repeat", "escalation", "digest", ""] = ""
    fingerprints: list[str] = Field(default_factory=list, description="every alert the message was about")
    attempts: int = Field(default=1, ge=0)


class AlertSent(Event):
    type: Literal["alert-sent"] = "alert-sent"
    payload: AlertDeliveryPayload


class AlertFailed(Event):
    type: Literal["alert-failed"] = "alert-failed"
    payload: AlertDeliveryPayload


class PlanAppliedPayload(Payload):
    revision: int = Field(ge=1)
    source: str = ""
    services: list[Name] = Field(default_factory=list)


class PlanApplied(Event):
    type: Literal["plan-applied"] = "plan-applied"
    payload: PlanAppliedPayload
