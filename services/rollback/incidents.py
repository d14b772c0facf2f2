"""Incidents in Redis: one record per failed deployment, folded from its events, an index by detection time, and the
evidence seen before an incident opens; incident-opened and incident-resolved published as they happen.

Atomic by WATCH/MULTI on the incident and evidence keys (retried on conflict), not by the dispatcher's order:
health-degraded and performance-degraded carry no deployment id and are ordered per service, and the settle loop
writes too. The announcements are XADDed in the same transaction as the record, and the record keeps the ids of the
events folded in, so a redelivered event changes nothing and publishes nothing twice.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError

from services.rollback.domain.incident import Incident, incident_id_for
from services.rollback.domain.incident_fold import apply, remember, settle
from services.rollback.domain.timeline import TimelineEntry
from services.rollback.inflight import InFlight
from shared.bus.codec import encode
from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    Event,
    HealthDegraded,
    HealthGateFailed,
    HealthGatePassed,
    HealthRecovered,
    PerformanceDegraded,
    RollbackCompleted,
    RollbackFailed,
    RollbackRequested,
    RollbackStarted,
    ServiceDeployFailed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    VerificationFailed,
)
from shared.events.recovery import IncidentOpened, IncidentOpenedPayload, IncidentResolved, IncidentResolvedPayload
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext

INCIDENT_EVENTS: tuple[type[Event], ...] = (
    DeploymentStarted,
    BakeStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    ServiceDeployFailed,
    HealthGatePassed,
    HealthGateFailed,
    HealthDegraded,
    HealthRecovered,
    PerformanceDegraded,
    VerificationFailed,
    DeploymentFailed,
    DeploymentPaused,
    DeploymentCancelled,
    DeploymentSucceeded,
    RollbackRequested,
    RollbackStarted,
    RollbackCompleted,
    RollbackFailed,
    DeploymentRolledBack,
)
EVIDENCE_CAP = 200
EVIDENCE_TTL_S = 3 * 86400
log = logging.getLogger("flightdeck.rollback.incidents")


@dataclass
class IncidentUpdate:
    incident: Incident | None = None  # to store (None: no incident yet)
    opened: bool = False
    resolved: bool = False
    evidence: TimelineEntry | None = None  # to keep until an incident opens
    forget: bool = False  # the deployment succeeded with no incident: its evidence is of no use


Decide = Callable[[Pipeline, Incident | None, list[TimelineEntry]], Awaitable[IncidentUpdate | None]]


class Incidents:
    def __init__(self, context: ServiceContext, inflight: InFlight | None = None, settle_after_s: float = 30.0) -> None:
        """`settle_after_s`: how long after a deployment-failed with no rollback started its incident closes
        (`run_forever`, to be started as background work, does that). `inflight` places health signals."""
        self.redis, self.events_key, self.producer = context.redis, context.keys.events, context.name
        self.inflight = inflight or InFlight(context.redis, context.keys)
        self.settle_after_s = settle_after_s
        self.keys = RollbackKeys.of(context.keys)

    def handlers(self) -> Handlers:
        return Handlers().on_any(INCIDENT_EVENTS, self.handle)

    async def handle(self, event: Event) -> None:
        late = False
        if event.deployment_id is None:  # a health signal: it belongs to the deployment in flight for the service
            watch = await self.inflight.get(event.environment) if event.environment else None
            if watch is None or (watch.versions and event.service not in watch.versions):
                return
            late = watch.ended is not None  # then it only joins an incident still open
            event = event.model_copy(update={"deployment_id": watch.deployment_id})
        assert event.deployment_id is not None

        async def decide(
            pipe: Pipeline, before: Incident | None, evidence: list[TimelineEntry]
        ) -> IncidentUpdate | None:
            if late and (before is None or before.status != "open"):
                return None
            after, opened, resolved = apply(before, evidence, event)
            if after is None:
                if event.type == "deployment-succeeded":
                    return IncidentUpdate(forget=True) if evidence else None
                entry = remember(evidence, event)
                return IncidentUpdate(evidence=entry) if entry else None
            return None if after == before else IncidentUpdate(after, opened, resolved)

        await self._transact(event.deployment_id, decide, event)

    async def settle_due(self, now: float | None = None) -> int:
        """Closes the incidents whose deployment failed and started no rollback within settle_after_s; how many."""
        now = time.time() if now is None else now
        due = await self.redis.zrangebyscore(self.keys.incidents_settling, "-inf", now)
        return sum([await self._settle(m.decode() if isinstance(m, bytes) else str(m), now) for m in due])

    async def _settle(self, incident_id: str, now: float) -> bool:
        async def decide(pipe: Pipeline, before: Incident | None, _: list[TimelineEntry]) -> IncidentUpdate | None:
            due = await pipe.zscore(
                self.keys.incidents_settling, incident_id
            )  # read after WATCH: its writes touch `before`
            if before is None or due is None or due > now:
                return None
            after, resolved = settle(before)
            return IncidentUpdate(after, resolved=resolved)

        update = await self._transact(incident_id.removeprefix("inc-"), decide, None)
        return bool(update and update.resolved)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.settle_due()
            except Exception:
                log.exception("settling incidents failed; trying again")
            await asyncio.sleep(max(0.05, min(5.0, self.settle_after_s / 4)))

    async def get(self, incident_id: str) -> Incident | None:
        raw = await self.redis.get(self.keys.incident(incident_id))
        return Incident.model_validate_json(raw) if raw else None

    async def recent(self, limit: int = 50) -> list[Incident]:
        """The latest incidents, most recently detected first."""
        if limit <= 0:
            return []
        ids = await self.redis.zrevrange(self.keys.incidents, 0, limit - 1)
        raws = (
            await self.redis.mget([self.keys.incident(i.decode() if isinstance(i, bytes) else i) for i in ids])
            if ids
            else []
        )
        return [Incident.model_validate_json(raw) for raw in raws if raw]

    async def _transact(self, deployment_id: str, decide: Decide, cause: Event | None) -> IncidentUpdate | None:
        incident_id = incident_id_for(deployment_id)
        key, evidence_key = self.keys.incident(incident_id), self.keys.incident_evidence(deployment_id)
        while True:
            async with self.redis.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(key, evidence_key)
                    raw = await pipe.get(key)
                    raws = await pipe.lrange(evidence_key, 0, -1)  # type: ignore[misc]
                    before = Incident.model_validate_json(raw) if raw else None
                    update = await decide(pipe, before, [TimelineEntry.model_validate_json(r) for r in raws])
                    if update is None:
                        return None
                    pipe.multi()
                    self._write(pipe, update, key, evidence_key, cause)
                    await pipe.execute()
                    return update
                except WatchError:
                    continue

    def _write(self, pipe: Pipeline, update: IncidentUpdate, key: str, evidence_key: str, cause: Event | None) -> None:
        if update.evidence is not None:
            pipe.rpush(evidence_key, update.evidence.model_dump_json())
            pipe.ltrim(evidence_key, -EVIDENCE_CAP, -1)
            pipe.expire(evidence_key, EVIDENCE_TTL_S)
        if update.forget or update.opened:  # once open, the evidence lives on in the incident's timeline
            pipe.delete(evidence_key)
        incident = update.incident
        if incident is None:
            return
        pipe.set(key, incident.model_dump_json())
        if update.opened:
            pipe.zadd(self.keys.incidents, {incident.incident_id: incident.detected_at.timestamp()})
        if incident.status == "open" and incident.failed_at is not None:
            pipe.zadd(self.keys.incidents_settling, {incident.incident_id: time.time() + self.settle_after_s}, nx=True)
        else:
            pipe.zrem(self.keys.incidents_settling, incident.incident_id)
        for event in self._announcements(update, incident, cause):
            pipe.xadd(self.events_key, encode(event))  # type: ignore[arg-type]

    def _announcements(self, update: IncidentUpdate, incident: Incident, cause: Event | None) -> list[Event]:
        envelope = {
            "deployment_id": incident.deployment_id,
            "environment": incident.environment,
            "producer": self.producer,
            "correlation_id": (cause and cause.correlation_id) or incident.deployment_id,
            "causation_id": cause.event_id if cause else None,
        }
        events: list[Event] = []
        if update.opened:
            events.append(
                IncidentOpened(
                    **envelope,
                    payload=IncidentOpenedPayload(
                        incident_id=incident.incident_id,
                        title=incident.title,
                        trigger=incident.trigger,
                        services=incident.services,
                        detected_at=incident.detected_at,
                        began_at=incident.began_at,
                    ),
                )
            )
        if update.resolved and incident.outcome is not None:
            events.append(
                IncidentResolved(
                    **envelope,
                    payload=IncidentResolvedPayload(
                        incident_id=incident.incident_id,
                        outcome=incident.outcome,
                        decision=incident.decision,
                        reasons=incident.reasons,
                        time_to_detect_s=incident.time_to_detect_s,
                        time_to_recover_s=incident.time_to_recover_s,
                    ),
                )
            )
        return events
