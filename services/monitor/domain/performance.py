"""Is a version's performance degraded (pure)? Absolute thresholds from the plan, or a regression against the
previous version's figures. One finding per metric; the caller reports each once until it clears."""

from dataclasses import dataclass
from typing import Literal, Protocol

Metric = Literal["error_rate", "latency_p95"]


class Figures(Protocol):
    """A version's figures over some window: a probe bucket, or what a metrics provider answered."""

    @property
    def version(self) -> str: ...
    @property
    def count(self) -> int: ...
    @property
    def error_rate(self) -> float: ...
    @property
    def p95_ms(self) -> float | None: ...


@dataclass(frozen=True)
class Reported:
    """Figures a provider gave; `count` stands for how many requests they summarise (enough to be a trend)."""

    version: str
    error_rate: float
    p95_ms: float | None
    count: int = 1000


@dataclass(frozen=True)
class Limits:
    error_rate: float | None = None  # a fraction: 0.05 is 5%
    p95_ms: float | None = None
    regression: float | None = None  # allowed growth over the previous version: 0.2 is +20%


@dataclass(frozen=True)
class Finding:
    metric: Metric
    value: float
    threshold: float
    previous_value: float | None = None
    previous_version: str | None = None


def judge(bucket: Figures, limits: Limits, previous: Figures | None = None, min_count: int = 3) -> list[Finding]:
    """Findings for one closed bucket; too few probes in a bucket say nothing (one slow probe is not a trend)."""
    if bucket.count < min_count:
        return []
    found: list[Finding] = []
    if limits.error_rate is not None and bucket.error_rate > limits.error_rate:
        found.append(Finding("error_rate", bucket.error_rate, limits.error_rate))
    if limits.p95_ms is not None and bucket.p95_ms is not None and bucket.p95_ms > limits.p95_ms:
        found.append(Finding("latency_p95", bucket.p95_ms, limits.p95_ms))
    if limits.regression is not None and previous and previous.version != bucket.version:
        if previous.p95_ms and bucket.p95_ms is not None:
            allowed = previous.p95_ms * (1 + limits.regression)
            if bucket.p95_ms > allowed and not any(f.metric == "latency_p95" for f in found):
                found.append(Finding("latency_p95", bucket.p95_ms, allowed, previous.p95_ms, previous.version))
        allowed_errors = previous.error_rate + max(0.01, previous.error_rate * limits.regression)
        if bucket.error_rate > allowed_errors and not any(f.metric == "error_rate" for f in found):
            found.append(
                Finding("error_rate", bucket.error_rate, allowed_errors, previous.error_rate, previous.version)
            )
    return found
