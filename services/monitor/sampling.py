"""The seam between the probe adapter and the pure decisions."""

from collections.abc import Awaitable, Callable

from .domain.samples import Sample
from .probing.result import ProbeResult

Probe = Callable[[str, float], Awaitable[ProbeResult]]


def sample_of(result: ProbeResult) -> Sample:
    return Sample(
        status=result.status,
        latency_ms=result.latency_ms,
        at=result.at,
        http_status=result.http_status,
        version=result.version,
        reason=result.reason,
        failing_checks=tuple(result.failing_checks),
    )
