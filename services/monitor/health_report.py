"""Publishes a service's health transitions: health-degraded with evidence and the probable root cause (blame over
the plan's dependencies and what the service's detailed health names failing), and health-recovered."""

import logging

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import HealthDegraded, HealthRecovered
from shared.events.health import HealthChangePayload, HealthStatus, ProbeEvidence
from shared.streams import Keys

from .domain.correlation import blame
from .domain.health import BAD, Health, Tracker, Transition
from .targets import Target
from .trackers import tracker_key

log = logging.getLogger("flightdeck.monitor.watch")
EVIDENCE = 5
STATUS: dict[Health, HealthStatus] = {
    Health.UNKNOWN: "unknown",
    Health.HEALTHY: "healthy",
    Health.DEGRADED: "degraded",
    Health.UNHEALTHY: "unhealthy",
}


class HealthReporter:
    def __init__(self, redis: "Redis", keys: Keys, publisher: EventPublisher) -> None:
        self.redis, self.keys, self.publisher = redis, keys, publisher

    async def report(self, target: Target, tracker: Tracker, change: Transition, graph: dict[str, list[str]]) -> None:
        """`graph`: each service's depends_on in the plan being watched."""
        found = blame(target.service, graph, await self._bad(target.environment, graph), tracker.failing_checks())
        payload = HealthChangePayload(
            status=STATUS[change.current],
            previous_status=STATUS[change.previous],
            evidence=[
                ProbeEvidence(ok=s != "fail", latency_ms=ms, reason=why, failing_checks=list(checks))
                for s, ms, why, checks in tracker.recent[-EVIDENCE:]
            ],
            error_rate=tracker.error_rate(),
            latency_p95_ms=tracker.latency(95),
            failing_since=tracker.bad_since if change.worse else None,
            root_cause=found.root_cause if change.worse else None,
            impacted=found.impacted if change.worse else [],
        )
        event_type = HealthDegraded if change.worse else HealthRecovered
        await self.publisher.publish(
            event_type(service=target.service, environment=target.environment, payload=payload, producer="monitor")
        )
        log.info("%s %s: %s -> %s", target.environment, target.service, change.previous, change.current)

    async def _bad(self, environment: str, graph: dict[str, list[str]]) -> set[str]:
        names = list(graph)
        raws = await self.redis.mget([tracker_key(self.keys, f"{environment}/{n}") for n in names])
        return {n for n, raw in zip(names, raws, strict=True) if raw and _state(raw) in BAD}


def _state(raw: bytes | str) -> Health | None:
    try:
        return Tracker.model_validate_json(raw).state
    except ValueError:  # written by a replica of another version: not this one's to judge
        return None
