"""How a new version is verified after its health gate: smoke requests, performance and security checks (plan
model). The cross-service integration checks are the plan's own (shared/plan/smoke.py), not a service's."""

from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt

from shared.plan.smoke import SmokeRequest
from shared.plan.types import Command, Duration, Percent, PositiveDuration, StrictModel, Url

SecurityCheck = Literal["tls", "security-headers", "no-server-banner"]
DEFAULT_SECURITY_CHECKS: list[SecurityCheck] = ["tls", "security-headers"]


class Performance(StrictModel):
    """A short, bounded load against the new version, judged against the baseline of the version it replaced."""

    url: Url | None = Field(None, description="loaded instead of the service's GET smoke requests")
    requests: PositiveInt = Field(100, le=100_000)
    concurrency: PositiveInt = Field(4, le=256)
    duration: PositiveDuration = Field(30.0, description="the load stops here even if requests remain")
    regression_threshold: Percent = Field(0.2, description="how much slower p50 or p95 may get")
    min_slowdown: Duration = Field(0.005, description="a slowdown smaller than this is noise, whatever its share")
    max_error_rate: Percent = 0.01
    significance: float = Field(0.01, gt=0, lt=1, description="the Mann-Whitney p-value below which it is slower")


class Security(StrictModel):
    url: Url | None = Field(None, description="whose response headers and certificate are checked")
    checks: list[SecurityCheck] = DEFAULT_SECURITY_CHECKS
    require_auth: list[Url] = Field([], description="must answer 401 or 403 without credentials")
    min_certificate_days: NonNegativeInt = 14
    scanner: Command | None = Field(None, description="an external scanner's argv; exit code 0 passes")
    scanner_timeout: PositiveDuration = 300.0


class Verification(StrictModel):
    smoke: list[SmokeRequest] = []
    performance: Performance | None = None
    security: Security | None = None
    timeout: PositiveDuration = 600.0  # no verdict by then fails the deployment

    @property
    def has_checks(self) -> bool:
        return bool(self.smoke or self.performance or self.security)
