"""A service's health as a state machine with hysteresis (pure): few, trustworthy transitions from noisy probes.

unknown -> healthy after `passes_to_ready` passes in a row. Any state -> unhealthy after `failures_to_degraded`
failures in a row, -> degraded after as many "warn" answers (serving, but saying it is degraded) in a row.
A bad state -> healthy only after `passes_to_ready` passes in a row. So one flapping probe (pass, fail, pass...)
never reaches a threshold and produces nothing. Transitions into a worse state and back to healthy are reported.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.stats import percentile

from .samples import Sample

WINDOW = 20  # recent probes kept as evidence and for error rate and latency percentiles


class Health(StrEnum):
    UNKNOWN = "unknown"
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"


BAD = {Health.DEGRADED, Health.UNHEALTHY}
SEVERITY = {Health.UNKNOWN: 0, Health.HEALTHY: 0, Health.DEGRADED: 1, Health.UNHEALTHY: 2}


class Tracker(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: Health = Health.UNKNOWN
    passes: int = 0
    warns: int = 0
    fails: int = 0
    since: float | None = None  # when the current state began
    bad_since: float | None = None  # when the first probe of the current run of failing or warning ones was sent
    # (status, latency_ms, reason, failing checks)
    recent: list[tuple[str, float, str, tuple[str, ...]]] = Field(default_factory=list)
    version: str | None = None

    @field_validator("recent", mode="before")
    @classmethod
    def _without_checks(cls, value: Any) -> Any:
        """Trackers saved before failing checks were kept have (status, latency_ms, reason) entries."""
        if isinstance(value, list):
            return [[*entry, []] if isinstance(entry, list | tuple) and len(entry) == 3 else entry for entry in value]
        return value

    def error_rate(self) -> float:
        return sum(1 for s, *_ in self.recent if s == "fail") / len(self.recent) if self.recent else 0.0

    def latency(self, q: float) -> float | None:
        return percentile([ms for s, ms, *_ in self.recent if s != "fail"], q)

    def failing_checks(self) -> tuple[str, ...]:
        """What the latest probe named failing: the dependencies the service sees in trouble, for root cause."""
        return self.recent[-1][3] if self.recent else ()


@dataclass(frozen=True)
class Transition:
    previous: Health
    current: Health

    @property
    def worse(self) -> bool:
        return self.current in BAD and SEVERITY[self.current] > SEVERITY[self.previous]

    @property
    def recovered(self) -> bool:
        return self.current is Health.HEALTHY and self.previous in BAD


def observe(tracker: Tracker, sample: Sample, passes_to_ready: int, failures_to_degraded: int) -> Transition | None:
    """Updates `tracker` in place with one probe; returns the transition worth reporting, if any."""
    entry = (sample.status, sample.latency_ms, sample.reason, sample.failing_checks)
    tracker.recent = [*tracker.recent, entry][-WINDOW:]
    tracker.version = sample.version or tracker.version
    tracker.passes = tracker.passes + 1 if sample.status == "pass" else 0
    tracker.warns = tracker.warns + 1 if sample.status == "warn" else 0
    tracker.fails = tracker.fails + 1 if sample.status == "fail" else 0
    if sample.status == "pass":
        tracker.bad_since = None
    elif tracker.bad_since is None:
        tracker.bad_since = sample.at - sample.latency_ms / 1000
    target = tracker.state
    if tracker.fails >= failures_to_degraded:
        target = Health.UNHEALTHY
    elif tracker.warns >= failures_to_degraded and tracker.state is not Health.UNHEALTHY:
        target = Health.DEGRADED
    elif tracker.passes >= passes_to_ready:
        target = Health.HEALTHY
    if target is tracker.state:
        return None
    transition = Transition(tracker.state, target)
    tracker.state, tracker.since = target, sample.at
    return transition if transition.worse or transition.recovered else None
