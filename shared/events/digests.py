"""The scheduled digest of an environment (alerting.digests in the plan): what was delivered there over a day or a
week, composed by the dashboard from its analytics and sent by the alerter to the digest's channels. Its event id
names the environment, the schedule and the period, so the same digest published twice is one digest."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from .envelope import Event, Name, Payload

Every = Literal["daily", "weekly"]


class DigestFigure(Payload):
    """One DORA metric as the digest tells it."""

    name: str = Field(description="deployment frequency, lead time, change failure rate, time to restore")
    value: float | None = Field(description="null when there was nothing to measure")
    unit: str
    text: str = Field(description="the value as people read it: '3 a week', '1h 5m', '40%', 'none'")
    level: str | None = Field(description="elite, high, medium or low, by the State of DevOps report's levels")


class ServiceUptime(Payload):
    service: Name
    uptime: float | None = Field(description="up over observed time, 0 to 1; null when nothing was observed")
    down_s: float = 0.0


class RollbackCause(Payload):
    cause: str
    count: int = Field(ge=1)


class DigestReadyPayload(Payload):
    every: Every
    period_start: datetime
    period_end: datetime
    timezone: str = Field(description="the schedule's time zone, as the plan names it")
    channels: list[Name] = Field(min_length=1, description="the plan's channel names, never their URLs")
    deployments: int = Field(ge=0, description="deployments that ended in the period")
    succeeded: int = Field(ge=0)
    failed: int = Field(ge=0, description="failed, rolled back or opened an incident")
    rollbacks: int = Field(ge=0)
    rollback_causes: list[RollbackCause] = Field(default_factory=list, description="by what asked for them")
    figures: list[DigestFigure] = Field(description="the four DORA metrics, in their usual order")
    uptime: list[ServiceUptime] = Field(default_factory=list)
    analytics_path: str = Field(description="the dashboard's Analytics page of the same period, from its root")


class DigestReady(Event):
    """A digest is due: the alerter sends it to its channels, once per environment, schedule and period."""

    environment: Name
    type: Literal["digest-ready"] = "digest-ready"
    payload: DigestReadyPayload
