"""What people do about alerts (acknowledge, silence) and what the alerter does on its own (escalate)."""

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from .envelope import Event, Name, Payload
from .operations import Severity


class AlertAcknowledgedPayload(Payload):
    fingerprint: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    by: str = Field(min_length=1, max_length=200, description="who: a person's name or e-mail, or a tool")
    via: Literal["cli", "link", "dashboard", "api"] = "cli"
    comment: str = Field("", max_length=2000)


class AlertAcknowledged(Event):
    """Somebody is on it: escalation of this alert stops."""

    type: Literal["alert-acknowledged"] = "alert-acknowledged"
    payload: AlertAcknowledgedPayload


class AlertEscalatedPayload(Payload):
    fingerprint: str
    level: int = Field(ge=1, description="1 is the first escalation step")
    channels: list[Name]
    severity: Severity
    summary: str = ""


class AlertEscalated(Event):
    type: Literal["alert-escalated"] = "alert-escalated"
    payload: AlertEscalatedPayload


class Matcher(Payload):
    """label = value, label != value, label =~ regex or label !~ regex; labels: event, severity, environment,
    service, deployment_id."""

    label: Literal["event", "severity", "environment", "service", "deployment_id"]
    op: Literal["=", "!=", "=~", "!~"] = "="
    value: str = Field(max_length=500)


class SilenceCreatedPayload(Payload):
    silence_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    matchers: list[Matcher] = Field(min_length=1)
    starts_at: datetime
    ends_at: datetime
    created_by: str = Field(min_length=1, max_length=200)
    comment: str = Field("", max_length=2000)

    @model_validator(mode="after")
    def _window(self) -> "SilenceCreatedPayload":
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class SilenceCreated(Event):
    """Alerts whose labels match every matcher are not sent between starts_at and ends_at."""

    type: Literal["silence-created"] = "silence-created"
    payload: SilenceCreatedPayload


class SilenceExpiredPayload(Payload):
    silence_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    by: str = Field(min_length=1, max_length=200)


class SilenceExpired(Event):
    """A silence ended early, by hand."""

    type: Literal["silence-expired"] = "silence-expired"
    payload: SilenceExpiredPayload
