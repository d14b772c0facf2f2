"""Incidents in Redis: one record per failed deployment, folded from its events, an index by detection time, and the
evidence seen before an incident opens; incident-opened and incident-resolved published as they happen.

Atomic by WATCH/MULTI on the incident and evidence keys (shared.transact, retried on conflict), not by the
dispatcher's order: health-degraded and performance-degraded carry no deployment id and are ordered per service, and
the settling writes too. The announcements are XADDed in the same transaction as the record, and the record keeps the
ids of the events folded in, so a redelivered event changes nothing and publishes nothing twice. An incident whose
deployment failed and started no rollback is settled (closed) settle_after_s later: due work (shared.due) in
RollbackKeys.incidents_settling, one entry per failure (the incident and its failed_at).
"""

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import cast

from redis.asyncio.client import Pipeline

from services.rollback.domain.incident import Incident, incident_id_for
from services.rollback.domain.incident_update import IncidentUpdate, settled, update_for
from services.rollback.domain.timeline import TimelineEntry
from services.rollback.inflight import InFlight
from shared.bus.codec import encode
from shared.bus.handlers import Handlers
from shared.due import DueWork, run_due
from shared.events import Event
from shared.keys.rollback import RollbackKeys
from shared.runtime import ServiceContext
from shared.text import text
from shared.transact import transact

from .incident_events import announcements
from .incident_inputs import INCIDENT_EVENTS

EVIDENCE_CAP = 200
EVIDENCE_TTL_S = 3 * 86400
log = logging.getLogger("flightdeck.rollback.incidents")
Decide = Callable[[Incident | None, list[TimelineEntry]], IncidentUpdate | None]


def settling_member(incident: Incident) -> str:
    """The due entry that settles the incident's failure (one per failed_at: a later failure is due on its own)."""
    assert incident.failed_at is not None
    return json.dumps([incident.incident_id, incident.failed_at.isoformat()])


def settling_of(member: str) -> tuple[str, datetime | None]:
    """The incident and the failure a due entry settles (an entry of the incident id alone names no failure)."""
    if not member.startswith("["):
        return member, None
    incident_id, failed_at = json.loads(member)
    return str(incident_id), datetime.fromisoformat(failed_at)


class Incidents:
    def __init__(self, context: ServiceContext, inflight: InFlight | None = None, settle_after_s: float = 30.0) -> None:
        """`settle_after_s`: how long after a deployment-failed with no rollback started its incident closes
        (`run_forever`, to be started as background work, does that). `inflight` places health signals."""
        self.redis = context.redis
        self.events_key = context.keys.events
        self.producer = context.name
        self.inflight = inflight or InFlight(context.redis, context.keys)
        self.settle_after_s = settle_after_s
        self.keys = RollbackKeys.of(context.keys)
        self.due = DueWork(context.redis, self.keys.incidents_settling)

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
        signal = event
        await self._transact(event.deployment_id, lambda before, kept: update_for(before, kept, signal, late), event)

    async def settle_due(self) -> int:
        """Closes the incidents whose deployment failed and started no rollback within settle_after_s; how many."""
        members, _ = await self.due.take()
        return sum([await self.settle(member) for member in members])

    async def settle(self, member: str) -> bool:
        """Settles the failure a due entry names, if it still stands; True when that closed the incident."""
        incident_id, failed_at = settling_of(member)
        update = await self._transact(incident_id.removeprefix("inc-"), lambda before, _: settled(before, failed_at))
        await self.due.done(member)
        return bool(update and update.resolved)

    async def run_forever(self) -> None:
        poll_s = max(0.05, min(5.0, self.settle_after_s / 4))
        await run_due(self.due, self._settle, log=log, poll_s=poll_s)

    async def _settle(self, member: str) -> None:
        await self.settle(member)

    async def get(self, incident_id: str) -> Incident | None:
        raw = await self.redis.get(self.keys.incident(incident_id))
        return Incident.model_validate_json(raw) if raw else None

    async def recent(self, limit: int = 50) -> list[Incident]:
        """The latest incidents, most recently detected first."""
        if limit <= 0:
            return []
        ids = [text(i) for i in cast(list[bytes], await self.redis.zrevrange(self.keys.incidents, 0, limit - 1))]
        raws = await self.redis.mget([self.keys.incident(i) for i in ids]) if ids else []
        return [Incident.model_validate_json(raw) for raw in raws if raw]

    async def _transact(self, deployment_id: str, decide: Decide, cause: Event | None = None) -> IncidentUpdate | None:
        incident_id = incident_id_for(deployment_id)
        key = self.keys.incident(incident_id)
        evidence_key = self.keys.incident_evidence(deployment_id)

        async def attempt(pipe: Pipeline) -> IncidentUpdate | None:
            await pipe.watch(key, evidence_key)
            raw = await pipe.get(key)
            raws = await pipe.lrange(evidence_key, 0, -1)
            before = Incident.model_validate_json(raw) if raw else None
            update = decide(before, [TimelineEntry.model_validate_json(r) for r in raws])
            if update is None:
                return None
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            self._write(pipe, before, update, key, evidence_key, cause)
            await pipe.execute()
            return update

        return await transact(self.redis, attempt, what=f"incident {incident_id}")

    def _write(
        self,
        pipe: Pipeline,
        before: Incident | None,
        update: IncidentUpdate,
        key: str,
        evidence_key: str,
        cause: Event | None,
    ) -> None:
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
        settling = settling_member(incident) if incident.status == "open" and incident.failed_at else None
        if settling is not None:
            pipe.zadd(self.keys.incidents_settling, {settling: time.time() + self.settle_after_s}, nx=True)
        if before is not None and before.failed_at is not None and settling_member(before) != settling:
            pipe.zrem(self.keys.incidents_settling, settling_member(before))  # that failure no longer settles
        for event in announcements(self.producer, update, incident, cause):
            pipe.xadd(self.events_key, encode(event))
