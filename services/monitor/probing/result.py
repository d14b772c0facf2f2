"""What one probe of one health endpoint found: the monitor's unit of health evidence."""

from dataclasses import dataclass
from typing import Literal

from shared.events import ProbeEvidence

# pass: healthy; warn: serving but degraded (it still answers, so gates may treat it as up); fail: not healthy.
Status = Literal["pass", "warn", "fail"]


@dataclass(frozen=True, slots=True)
class ProbeResult:
    status: Status
    latency_ms: float
    http_status: int | None  # None when no response came back (connect error, timeout)
    version: str | None  # what the endpoint reports running, for the gate's expected version and drift detection
    failing_checks: tuple[str, ...]  # checks or components reported failing or warning, e.g. "db:connections"
    reason: str  # "" when status is pass; otherwise a sentence a person on call can act on
    at: float  # time.time() when the probe finished

    @property
    def ok(self) -> bool:
        """Serving: pass or warn. A degraded service still answers, so only fail counts against availability."""
        return self.status != "fail"

    def evidence(self) -> ProbeEvidence:
        """The small, wire-safe form events carry (health gates, health changes)."""
        return ProbeEvidence(
            ok=self.ok,
            latency_ms=max(self.latency_ms, 0.0),
            http_status=self.http_status,
            version=self.version,
            reason=self.reason,
            failing_checks=list(self.failing_checks),
        )
