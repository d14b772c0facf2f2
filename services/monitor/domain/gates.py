"""A health gate (pure): passes after N passes in a row of the expected version; fails as soon as the new version
is known bad (the plan's failures_to_degraded failures of it in a row), or else at its deadline.

Only failures of the new version count against it: probes that report the expected version, or, of a service that
reports no version, answers after the gate opened. A 503 or no answer at all from such a service is "not ready yet"
(still starting, or the old process draining): the gate waits that out, as it waits for passes."""

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .samples import Sample

EVIDENCE = 5
NOT_READY = 503


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
    failures_needed: int | None = None  # the plan's failures_to_degraded; None: fail at the deadline only
    failures: int = 0  # failures of the new version in a row
    versioned: bool = False  # the service reported a version during this gate
    last: list[tuple[str, float, int | None, str | None, str]] = Field(default_factory=list)

    def evidence(self) -> list[dict[str, object]]:
        return [
            {"ok": status != "fail", "latency_ms": ms, "http_status": code, "version": version, "reason": reason}
            for status, ms, code, version, reason in self.last
        ]


@dataclass(frozen=True)
class GateVerdict:
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


def _of_new_version(gate: Gate, sample: Sample) -> bool:
    """Whether a probe speaks for the version this gate waits for."""
    if sample.at < gate.opened_at:
        return False
    if sample.version:
        return not gate.expected_version or sample.version == gate.expected_version
    return not gate.versioned  # an answer without a version, from a service that reports one, could be anyone's


def _failures(gate: Gate, sample: Sample) -> int:
    """The new version's failures in a row once this probe is counted."""
    if not _of_new_version(gate, sample):
        return gate.failures
    if sample.status != "fail":
        return 0
    if not sample.version and sample.http_status in (None, NOT_READY):
        return gate.failures  # not ready yet: neither a failure of the new version nor a pass
    return gate.failures + 1


def observe(gate: Gate, sample: Sample) -> GateVerdict | None:
    ok, reason = _counts(gate, sample)
    gate.passes = gate.passes + 1 if ok else 0
    gate.failures = _failures(gate, sample)
    gate.versioned = gate.versioned or bool(sample.version)
    entry = (
        sample.status if ok or sample.status == "fail" else "fail",
        sample.latency_ms,
        sample.http_status,
        sample.version,
        reason,
    )
    gate.last = [*gate.last, entry][-EVIDENCE:]
    waited = max(0.0, sample.at - gate.opened_at)
    if gate.passes >= gate.passes_needed:
        return GateVerdict("passed", "", waited)
    if gate.failures_needed is not None and gate.failures >= gate.failures_needed:
        return GateVerdict("failed", _known_bad(gate, reason), waited)
    return expire(gate, sample.at)


def _known_bad(gate: Gate, last: str) -> str:
    version = f" of version {gate.expected_version}" if gate.versioned and gate.expected_version else ""
    return (
        f"{gate.failures} failed probes in a row{version} (the plan's failures_to_degraded), not waiting out "
        f"the {gate.deadline - gate.opened_at:g}s timeout; last: {last}"
    )


def expire(gate: Gate, now: float) -> GateVerdict | None:
    if now < gate.deadline:
        return None
    failures = [reason for _, _, _, _, reason in gate.last if reason]
    last = f"; last: {failures[-1]}" if failures else "; no probe answered"
    return GateVerdict("failed", f"not ready after {gate.deadline - gate.opened_at:g}s{last}", now - gate.opened_at)
