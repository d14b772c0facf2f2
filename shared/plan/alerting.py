"""Who hears about what: channels (Slack, email, webhook), routes that pick them, grouping and escalation."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, NonNegativeInt, PositiveInt

from shared.plan.digests import Digest
from shared.plan.templates import check_channel_templates
from shared.plan.types import Duration, Names, PositiveDuration, SecretRef, StrictModel, Url, one_or_many

Severity = Literal["info", "warning", "critical"]
GroupKey = Literal["deployment_id", "environment", "service", "event", "severity"]


Templates = Annotated[dict[str, str], AfterValidator(check_channel_templates)]


class SlackChannel(StrictModel):
    """An incoming webhook; messages use Block Kit with a plain-text fallback, about one a second at most."""

    type: Literal["slack"]
    webhook_url: SecretRef
    mention: str | None = Field(None, description="put in front of critical alerts, like <!here> or <@U024BE7LH>")
    templates: Templates = Field({}, description="Jinja templates replacing the defaults: title, text")


class Smtp(StrictModel):
    host: str
    port: PositiveInt = 587
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretRef | None = None
    timeout: PositiveDuration = 10.0
    ca_file: str | None = Field(None, description="a CA bundle to trust for a server with a private certificate")


class EmailChannel(StrictModel):
    type: Literal["email"]
    to: Annotated[Names, Field(min_length=1)]
    sender: str = Field(alias="from")
    smtp: Smtp
    templates: Templates = Field({}, description="Jinja templates replacing the defaults: subject, text, html")


class WebhookChannel(StrictModel):
    """A generic HTTP POST; the body is signed with secret (HMAC-SHA256) so the receiver can trust it."""

    type: Literal["webhook"]
    url: Url
    secret: SecretRef | None = None
    timeout: PositiveDuration = 10.0
    format: Literal["flightdeck", "alertmanager"] = "flightdeck"


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
    escalation: list["EscalationStep"] | None = Field(None, description="replaces alerting.escalation for this route")


class EscalationStep(StrictModel):
    """If nobody acknowledges a critical alert within `after`, it is sent again to these channels."""

    after: PositiveDuration
    channels: Annotated[Names, Field(min_length=1)]
    repeat: NonNegativeInt = Field(0, description="send this level again this many times, `after` apart")


class Delivery(StrictModel):
    """Retries of a failed send: exponential backoff with full jitter, given up at the deadline."""

    retry_initial: PositiveDuration = 1.0
    retry_max: PositiveDuration = 60.0
    deadline: PositiveDuration = 600.0


class Alerting(StrictModel):
    channels: dict[str, Channel] = {}
    routes: list[Route] = []
    group_by: Annotated[list[GroupKey], BeforeValidator(one_or_many)] = ["environment", "deployment_id"]
    group_wait: Duration = 5.0  # events arrive in bursts within a second or so; Alertmanager waits 30s
    group_interval: PositiveDuration = 300.0
    repeat_interval: PositiveDuration = 14400.0
    escalation: list[EscalationStep] = []
    delivery: Delivery = Delivery()
    digests: list[Digest] = Field([], description="daily or weekly summaries of an environment, sent to channels")


Route.model_rebuild()
