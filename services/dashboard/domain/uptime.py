"""Uptime per service from its health history: the monitor's health-degraded and health-recovered events say when
a service became healthy, degraded or unhealthy. Up is healthy or degraded (it still answers); down is unhealthy.
Time before the first change known (before the range, or in it) is not observed, and counts for neither."""

from dataclasses import dataclass

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Change:
    environment: str
    service: str
    status: str  # healthy, degraded, unhealthy (or unknown)
    at: float


class Uptime(BaseModel):
    environment: str
    service: str
    uptime: float | None = Field(description="up over observed time; null when nothing was observed")
    observed_s: float
    down_s: float
    degraded_s: float
    changes: int = Field(description="health changes inside the range")


def uptime(changes: list[Change], start: float, end: float) -> list[Uptime]:
    """Per (environment, service), from every change known up to `end` (those before `start` give the state at it)."""
    series: dict[tuple[str, str], list[Change]] = {}
    for change in sorted(changes, key=lambda c: c.at):
        if change.at < end:
            series.setdefault((change.environment, change.service), []).append(change)
    return [_one(environment, service, rows, start, end) for (environment, service), rows in sorted(series.items())]


def _one(environment: str, service: str, rows: list[Change], start: float, end: float) -> Uptime:
    spent: dict[str, float] = {}
    for change, following in zip(rows, [*rows[1:], None], strict=True):
        since, until = max(change.at, start), min(following.at if following else end, end)
        if until > since and change.status != "unknown":
            spent[change.status] = spent.get(change.status, 0.0) + until - since
    observed = sum(spent.values())
    down = spent.get("unhealthy", 0.0)
    return Uptime(
        environment=environment,
        service=service,
        uptime=(observed - down) / observed if observed else None,
        observed_s=observed,
        down_s=down,
        degraded_s=spent.get("degraded", 0.0),
        changes=sum(1 for c in rows if c.at >= start),
    )
