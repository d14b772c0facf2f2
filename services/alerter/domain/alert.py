"""An alert, the unit people are told about, and a notification, one message about a group to one channel."""

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.events.digests import DigestReadyPayload
from shared.matching import alert_labels

Severity = Literal["info", "warning", "critical"]
Status = Literal["firing", "resolved"]
ChannelType = Literal["slack", "email", "webhook"]
SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}


class Alert(BaseModel):
    """One condition, recognised across repeats by its fingerprint (rule name plus what it is about)."""

    model_config = ConfigDict(frozen=True)

    fingerprint: str
    name: str = Field(description="the rule, named after the event that fires it, like deployment-failed")
    severity: Severity
    environment: str
    service: str | None = None
    deployment_id: str | None = None
    summary: str
    details: dict[str, str] = Field(default_factory=dict)
    status: Status = "firing"
    starts_at: float
    ends_at: float | None = None
    event_id: str = Field(description="the latest event that fired or resolved it")
    notice: bool = Field(False, description="a one-off message (like rollback-completed): no resolved message")
    services: list[str] = Field(default_factory=list, description="services it is about, when more than one")

    def labels(self) -> dict[str, str]:
        """What routes, group_by and silences match on."""
        return alert_labels(self.name, self.severity, self.environment, self.service, self.deployment_id)


def fingerprint(name: str, environment: str, subject: str) -> str:
    """Stable across repeats: the rule, the environment and what the alert is about (a service or deployment)."""
    return hashlib.sha256(f"{name}\x1f{environment}\x1f{subject}".encode()).hexdigest()[:16]


class Notification(BaseModel):
    """One message to one channel: a group's state (or an escalation of one alert), ready to render."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="the same state to the same channel has the same id; receivers may dedupe on it")
    channel: str
    channel_type: ChannelType = "webhook"
    group_key: str
    group_labels: dict[str, str]
    kind: Literal["new", "update", "repeat", "escalation", "digest"]
    escalation_level: int = 0
    firing: list[Alert] = Field(default_factory=list)
    resolved: list[Alert] = Field(default_factory=list)
    created_at: float
    digest: DigestReadyPayload | None = Field(None, description="a scheduled digest (kind digest), not alerts")

    @property
    def status(self) -> Status:
        return "firing" if self.firing else "resolved"

    @property
    def severity(self) -> Severity:
        alerts = self.firing or self.resolved
        return max((alert.severity for alert in alerts), key=SEVERITY_RANK.__getitem__, default="info")

    @property
    def deployment_id(self) -> str | None:
        ids = {alert.deployment_id for alert in [*self.firing, *self.resolved] if alert.deployment_id}
        return ids.pop() if len(ids) == 1 else None

    @property
    def environment(self) -> str:
        if self.digest is not None:
            return self.group_labels.get("environment", "")
        names = sorted({alert.environment for alert in [*self.firing, *self.resolved]})
        return ", ".join(names)


class Links(BaseModel):
    """Where a message may point people: the deployment on the dashboard, and a signed acknowledge link per alert."""

    model_config = ConfigDict(frozen=True)

    deployment: str | None = None
    acknowledge: dict[str, str] = Field(default_factory=dict, description="fingerprint -> signed URL")
    analytics: str | None = Field(None, description="a digest's period on the dashboard's Analytics page")


class Delivered(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: Literal["delivered"] = "delivered"
    detail: str = ""


class Retry(BaseModel):
    """A failure that may pass: the channel said wait (Retry-After) or could not be reached."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["retry"] = "retry"
    reason: str
    after_s: float | None = None


class Final(BaseModel):
    """A failure that will not pass by retrying (a 400 with the channel's error): reported, not retried."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["final"] = "final"
    reason: str


SendOutcome = Delivered | Retry | Final  # what one try at sending a notification came to
