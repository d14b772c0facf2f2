"""The performance impact of deployments, as the monitor's events tell it: performance-degraded carries a version's
p95 latency or error rate next to the previous version's (value against previous_value). Each finding belongs to
the deployment that brought that version of that service to that environment, the latest one created before it.

The monitor publishes figures only when they cross a limit or regress; a deployment that changed nothing for the
worse has no finding here (its figures live only in the monitor's own series, kept a day)."""

from dataclasses import dataclass

from pydantic import BaseModel

from .summary import Summary

IMPACT_METRICS = frozenset({"latency_p95", "error_rate"})


@dataclass(frozen=True)
class Finding:
    environment: str
    service: str
    version: str
    metric: str
    value: float
    previous_value: float | None
    previous_version: str | None
    at: float


class Impact(BaseModel):
    deployment_id: str
    environment: str
    service: str
    metric: str  # latency_p95 (ms) or error_rate (a fraction)
    before: float | None
    after: float
    version: str
    previous_version: str | None
    at: float  # when the monitor measured it, seconds since the epoch


def impacts(summaries: list[Summary], findings: list[Finding]) -> list[Impact]:
    """The worst figure per deployment, service and metric (the highest value the monitor reported)."""
    wanted = {(f.environment, f.service, f.version) for f in findings if f.metric in IMPACT_METRICS}
    brought: dict[tuple[str, str, str], list[Summary]] = {}
    for s in summaries if wanted else ():
        for name, version in s.versions.items():
            if (s.environment, name, version) in wanted:
                brought.setdefault((s.environment, name, str(version)), []).append(s)
    worst: dict[tuple[str, str, str], Impact] = {}
    for f in findings:
        if f.metric not in IMPACT_METRICS:
            continue
        candidates = [s for s in brought.get((f.environment, f.service, f.version), []) if s.created <= f.at]
        if not candidates:
            continue
        owner = max(candidates, key=lambda s: s.created)
        key = (owner.id, f.service, f.metric)
        if key not in worst or worst[key].after < f.value:
            worst[key] = Impact(
                deployment_id=owner.id,
                environment=f.environment,
                service=f.service,
                metric=f.metric,
                before=f.previous_value,
                after=f.value,
                version=f.version,
                previous_version=f.previous_version,
                at=f.at,
            )
    return sorted(worst.values(), key=lambda i: (i.at, i.deployment_id, i.service, i.metric))
