"""The envelope every Flightdeck event shares: who, what, when, and which deployment it belongs to."""

import builtins
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
EventT = TypeVar("EventT", bound="Event")


def new_event_id() -> str:
    return uuid4().hex


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("occurred_at needs a time zone (for example 2026-01-31T12:00:00Z)")
    return value.astimezone(UTC)


NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:/@+-]*$"
NAME_RULE = "starts with a letter or digit and has only letters, digits and _ . : / @ + - (at most 200 characters)"
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=NAME_PATTERN)]


class Payload(BaseModel):
    """A payload is strict: an unknown field is a mistake worth hearing about, not something to drop."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Event(BaseModel):
    """Envelope fields; each event type narrows `type` to its wire name and `payload` to its model."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    event_id: Name = Field(default_factory=new_event_id)
    type: str
    schema_version: int = Field(default=SCHEMA_VERSION, ge=1)
    occurred_at: Annotated[datetime, AfterValidator(_aware)] = Field(default_factory=_utc_now)
    deployment_id: Name | None = None
    environment: Name | None = None
    service: Name | None = None
    correlation_id: Name | None = None
    causation_id: Name | None = None
    producer: Name = "unknown"
    payload: Payload

    def caused(self, event_type: builtins.type["EventT"], payload: Any, **overrides: Any) -> "EventT":
        """A follow-up event: same deployment and correlation, caused by this one. (`builtins.type`: inside this
        class `type` is the field.)"""
        fields: dict[str, Any] = {
            "deployment_id": self.deployment_id,
            "environment": self.environment,
            "service": self.service,
            "correlation_id": self.correlation_id or self.deployment_id or self.event_id,
            "causation_id": self.event_id,
        }
        fields.update(overrides)
        return event_type(payload=payload, **fields)


class DeploymentEvent(Event):
    """Events that only make sense inside a deployment carry its id and environment, always."""

    deployment_id: Name
    environment: Name


class ServiceEvent(DeploymentEvent):
    service: Name
