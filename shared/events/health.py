"""Health gates during a deployment, and health changes the monitor sees at any time."""

from typing import Literal

from pydantic import Field

from .envelope import Event, Name, Payload, ServiceEvent

HealthStatus = Literal["unknown", "healthy", "degraded", "unhealthy"]


class ProbeEvidence(Payload):
    """One probe result, kept small: enough for a person to see what went wrong."""

    ok: bool
    latency_ms: float | None = Field(default=None, ge=0)
    http_status: int | None = None
    version: str | None = None
    reason: str = ""
    failing_checks: list[str] = Field(default_factory=list)


class HealthGateRequestedPayload(Payload):
    expected_version: str | None = None
    color: str | None = Field(default=None, description="blue-green: probe this color's endpoints ({color} in URLs)")
    timeout_s: float = Field(gt=0)
    consecutive_passes: int = Field(default=1, ge=1)


class HealthGateRequested(ServiceEvent):
    type: Literal["health-gate-requested"] = "health-gate-requested"
    payload: HealthGateRequestedPayload


class HealthGatePassedPayload(Payload):
    version: str | None = None
    waited_s: float = Field(ge=0)
    evidence: list[ProbeEvidence] = Field(default_factory=list)


class HealthGatePassed(ServiceEvent):
    type: Literal["health-gate-passed"] = "health-gate-passed"
    payload: HealthGatePassedPayload


class HealthGateFailedPayload(Payload):
    reason: str
    waited_s: float = Field(ge=0)
    evidence: list[ProbeEvidence] = Field(default_factory=list)


class HealthGateFailed(ServiceEvent):
    type: Literal["health-gate-failed"] = "health-gate-failed"
    payload: HealthGateFailedPayload


class HealthChangePayload(Payload):
    status: HealthStatus
    previous_status: HealthStatus
    evidence: list[ProbeEvidence] = Field(default_factory=list)
    error_rate: float | None = Field(default=None, ge=0, le=1)
    latency_p95_ms: float | None = Field(default=None, ge=0)
    root_cause: Name | None = None
    impacted: list[Name] = Field(default_factory=list)
    failing_since: float | None = Field(
        default=None,
        description=(
            "health-degraded: when the first probe of the failing run that led here was sent (seconds since the "
            "epoch); a run that began before a new version went live is not about that version alone"
        ),
    )


class HealthDegraded(Event):
    """Not tied to a deployment: the monitor watches services all the time. `service` is required."""

    service: Name
    environment: Name
    type: Literal["health-degraded"] = "health-degraded"
    payload: HealthChangePayload


class HealthRecovered(Event):
    service: Name
    environment: Name
    type: Literal["health-recovered"] = "health-recovered"
    payload: HealthChangePayload


class PerformanceDegradedPayload(Payload):
    metric: Literal["error_rate", "latency_p95", "lighthouse_performance", "lighthouse_accessibility"]
    value: float = Field(description="error rate as a fraction, latency in ms, or a Lighthouse score 0-100")
    threshold: float
    version: str
    previous_value: float | None = None
    previous_version: str | None = None
    bucket_start: float = Field(description="start of the measured window, seconds since the epoch")


class PerformanceDegraded(Event):
    """A version's latency or error rate crossed the plan's threshold, or regressed against the previous version."""

    service: Name
    environment: Name
    type: Literal["performance-degraded"] = "performance-degraded"
    payload: PerformanceDegradedPayload
