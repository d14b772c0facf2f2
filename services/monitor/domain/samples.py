"""What the decisions need from a probe: a plain value, so the pure code does not depend on the probe adapter."""

from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class Sample:
    status: Status
    latency_ms: float
    at: float
    http_status: int | None = None
    version: str | None = None
    reason: str = ""
    failing_checks: tuple[str, ...] = ()
