"""Verification of a deployed version: smoke, performance and security checks."""

from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Payload

CheckKind = Literal["smoke", "performance", "security", "integration"]
DEFAULT_KINDS: tuple[CheckKind, ...] = ("smoke", "performance", "security")


class CheckResult(Payload):
    kind: CheckKind
    name: str
    passed: bool
    detail: str = ""


class VerificationRequestedPayload(Payload):
    kinds: list[CheckKind] = Field(default_factory=lambda: list(DEFAULT_KINDS))


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
