"""Who hears about what: channels (Slack, email, webhook), routes that pick them, grouping and escalation."""

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PositiveInt

from shared.plan.types import Duration, Names, PositiveDuration, SecretRef, StrictModel, Url, one_or_many

Severity = Literal["info", "warning", "critical"]
GroupKey = Literal["deployment_id", "environment", "service", "event", "severity"]


class SlackChannel(StrictModel):
    type: Literal["slack"]
    webhook_url: SecretRef
    mention: str | None = None


class Smtp(StrictModel):
    host: str
    port: PositiveInt = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretRef | None = None
    timeout: PositiveDuration = 10.0


class EmailChannel(StrictModel):
    type: Literal["email"]
    to: Annotated[Names, Field(min_length=1)]
    sender: str = Field(alias="from")
    smtp: Smtp


class WebhookChannel(StrictModel):
    """A generic HTTP POST; the body is signed with secret (HMAC-SHA256) so the receiver can trust it."""

    type: Literal["webhook"]
    url: Url
    secret: SecretRef | None = None
    timeout: PositiveDuration = 10.0


Channel = Annotated[SlackChannel | EmailChannel | WebhookChannel, Field(discriminator="type")]
CHANNEL_TYPES = ("slack", "email", "webhook")


class Match(StrictModel):
    """An empty list matches everything; event accepts a trailing * (deployment-*)."""

    event: Names = []
    severity: Annotated[list[Severity], BeforeValidator(one_or_many)] = []
    environment: Names = []
    service: Names = []


class Route(StrictModel):
    """Routes are tried in order; the first match wins unless it says continue: true."""

    match: Match = Match()
    channels: Annotated[Names, Field(min_length=1)]
    continue_: bool = Field(False, alias="continue")


class EscalationStep(StrictModel):
    """If nobody acknowledges a critical alert within `after`, it is sent again to these channels."""

    after: PositiveDuration
    channels: Annotated[Names, Field(min_length=1)]


class Alerting(StrictModel):
    channels: dict[str, Channel] = {}
    routes: list[Route] = []
    group_by: Annotated[list[GroupKey], BeforeValidator(one_or_many)] = ["deployment_id"]
    group_wait: Duration = 30.0
    group_interval: PositiveDuration = 300.0
    repeat_interval: PositiveDuration = 14400.0
    escalation: list[EscalationStep] = []
