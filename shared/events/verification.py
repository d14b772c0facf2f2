"""Verification of a deployed version: smoke, performance and security checks."""

from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Name, Payload

CheckKind = Literal["smoke", "performance", "security", "integration"]
DEFAULT_KINDS: tuple[CheckKind, ...] = ("smoke", "performance", "security", "integration")


class Figure(Payload):
    """One measurement of a performance check, the version it replaced beside the new one."""

    name: str = Field(description="p50_ms, p95_ms, p99_ms, error_rate or requests_per_s")
    current: float
    previous: float | None = None


class CheckResult(Payload):
    """One check's outcome. A failed one says what was expected, what came back, and how to reproduce it (a curl
    line with every secret masked)."""

    kind: CheckKind
    name: str
    passed: bool
    detail: str = ""
    service: Name | None = None
    expected: str = ""
    actual: str = ""
    reproduce: str = ""
    figures: list[Figure] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict, description="current and previous, for a comparison")


class VerificationRequestedPayload(Payload):
    """What to verify: the plan revision the deployment pinned, and each service's new and previous version."""

    kinds: list[CheckKind] = Field(default_factory=lambda: list(DEFAULT_KINDS))
    plan_revision: int | None = None
    versions: dict[Name, str] = Field(default_factory=dict)
    previous: dict[Name, str | None] = Field(default_factory=dict)


class VerificationRequested(DeploymentEvent):
    type: Literal["verification-requested"] = "verification-requested"
    payload: VerificationRequestedPayload


class VerificationResultPayload(Payload):
    results: list[CheckResult] = Field(default_factory=list)
    summary: str = ""


class VerificationPassed(DeploymentEvent):
    type: Literal["verification-passed"] = "verification-passed"
    payload: VerificationResultPayload


class VerificationFailed(DeploymentEvent):
    type: Literal["verification-failed"] = "verification-failed"
    payload: VerificationResultPayload
