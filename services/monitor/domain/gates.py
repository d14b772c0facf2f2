"""A health gate (pure): passes after N passes in a row of the expected version, fails at its deadline."""

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .samples import Sample

EVIDENCE = 5


class Gate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gate_id: str  # the health-gate-requested event's id
    deployment_id: str
    environment: str
    service: str
    url: str
    expected_version: str | None = None
    passes_needed: int = 1
    opened_at: float
    deadline: float
    interval_s: float = 1.0
    timeout_s: float = 2.0
    owner: str = ""  # the replica probing it; another adopts it when `beat` goes stale
    beat: float = 0.0
    passes: int = 0
    last: list[tuple[str, float, int | None, str | None, str]] = Field(default_factory=list)

    def evidence(self) -> list[dict[str, object]]:
        return [
            {"ok": status != "fail", "latency_ms": ms, "http_status": code, "version": version, "reason": reason}
            for status, ms, code, version, reason in self.last
        ]


@dataclass(frozen=True)
class Verdict:
    outcome: Literal["passed", "failed"]
    reason: str
    waited_s: float


def _counts(gate: Gate, sample: Sample) -> tuple[bool, str]:
    """A pass counts only for the expected version, when the service reports one."""
    if sample.status != "pass":
        return False, sample.reason or sample.status
    if gate.expected_version and sample.version and sample.version != gate.expected_version:
        return False, f"reports version {sample.version}, expected {gate.expected_version}"
    return True, ""


def observe(gate: Gate, sample: Sample) -> Verdict | None:
    ok, reason = _counts(gate, sample)
    gate.passes = gate.passes + 1 if ok else 0
    entry = (sample.status if ok or sample.status == "fail" else "fail", sample.latency_ms, sample.http_status,
             sample.version, reason)
    gate.last = [*gate.last, entry][-EVIDENCE:]
    waited = max(0.0, sample.at - gate.opened_at)
    if gate.passes >= gate.passes_needed:
        return Verdict("passed", "", waited)
    return expire(gate, sample.at)


def expire(gate: Gate, now: float) -> Verdict | None:
    if now < gate.deadline:
        return None
    failures = [reason for _, _, _, _, reason in gate.last if reason]
    last = f"; last: {failures[-1]}" if failures else "; no probe answered"
    return Verdict("failed", f"not ready after {gate.deadline - gate.opened_at:g}s{last}", now - gate.opened_at)
