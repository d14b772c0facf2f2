"""How a new version is verified after its health gate: smoke requests, performance and security checks."""

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PositiveInt, field_serializer

from shared.plan.secrets import mask_secret
from shared.plan.types import Duration, Percent, PositiveDuration, StrictModel, Text, Url

Method = Literal["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
SecurityCheck = Literal["tls", "security-headers", "no-server-banner"]
DEFAULT_SECURITY_CHECKS: list[SecurityCheck] = ["tls", "security-headers"]
_SENSITIVE_HEADERS = {"authorization", "proxy-authorization", "cookie", "x-api-key"}


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _statuses(value: Any) -> Any:
    return [value] if isinstance(value, int | str) and not isinstance(value, bool) else value


class Expectation(StrictModel):
    status: Annotated[list[int], BeforeValidator(_statuses)] = [200]
    body_contains: str | None = None
    max_latency: Duration | None = None


class SmokeRequest(StrictModel):
    url: Url
    name: str | None = None
    method: Annotated[Method, BeforeValidator(_upper)] = "GET"
    headers: dict[str, Text] = {}
    body: str | None = None
    expect: Expectation = Expectation()

    @field_serializer("headers", when_used="json")
    def _mask_credentials(self, headers: dict[str, str]) -> dict[str, str]:
        return {
            name: mask_secret(value) if name.lower() in _SENSITIVE_HEADERS else value for name, value in headers.items()
        }


class Performance(StrictModel):
    """Latency of the new version against the previous one; above the threshold is a regression."""

    url: Url | None = None
    requests: PositiveInt = 20
    regression_threshold: Percent = 0.2


class Security(StrictModel):
    url: Url | None = None
    checks: list[SecurityCheck] = DEFAULT_SECURITY_CHECKS


class Verification(StrictModel):
    smoke: list[SmokeRequest] = []
    performance: Performance | None = None
    security: Security | None = None
    timeout: PositiveDuration = 600.0  # no verdict by then fails the deployment

    @property
    def has_checks(self) -> bool:
        return bool(self.smoke or self.performance or self.security)
