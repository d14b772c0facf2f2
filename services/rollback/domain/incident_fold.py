"""How a deployment's events make and change its incident (pure).

An incident opens at deployment-failed or rollback-requested with the events seen before it (the evidence: began_at,
the early timeline), and resolves when the rollback completes or fails, or the deployment succeeds after all. One that
failed and started no rollback (freeze, nothing to undo) is closed by `settle` once none followed for a while."""

import bisect
from collections.abc import Iterable

from shared.events import (
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentPaused,
    Event,
    RollbackRequested,
    RollbackStarted,
)

from .incident import Incident, IncidentOutcome, incident_id_for
from .timeline import TimelineEntry, entry_for

FAILURES = frozenset(
    {"service-deploy-failed", "health-gate-failed", "health-degraded", "performance-degraded", "verification-failed"}
)
OPENERS = frozenset({"deployment-failed", "rollback-requested"})
TIMELINE_CAP = 200  # past the cap the oldest entries after the head are dropped
TIMELINE_HEAD = 50
SEEN_CAP = 1000
Folded = tuple[Incident | None, bool, bool]  # the incident after an event, opened now, resolved now
RESOLVERS: dict[str, IncidentOutcome] = {
    "rollback-completed": "rolled-back",
    "deployment-rolled-back": "rolled-back",
    "rollback-failed": "rollback-failed",
    "deployment-succeeded": "recovered",
}


def apply(incident: Incident | None, evidence: list[TimelineEntry], event: Event) -> Folded:
    """(incident, opened now, resolved now) after one event of the deployment; (None, False, False) before an opener
    (keep the event as evidence: `remember`). A repeated event changes nothing; after resolution, events only join
    the timeline."""
    opened = incident is None
    if incident is None:
        if event.type not in OPENERS or not event.deployment_id:
            return None, False, False
        incident = _open(evidence, event)
    elif event.event_id in incident.seen:
        return incident, False, False
    else:
        incident = incident.model_copy(deep=True)
    incident.seen = [*incident.seen, event.event_id][-SEEN_CAP:]
    was_open = incident.status == "open"
    _record(incident, entry_for(event))
    if was_open:
        _fold(incident, event)
    return incident, opened, was_open and incident.status == "resolved"


def remember(evidence: list[TimelineEntry], event: Event) -> TimelineEntry | None:
    """The entry to keep as evidence before an incident opens; None when it is kept already."""
    return None if any(e.event_id == event.event_id for e in evidence) else entry_for(event)


def settle(incident: Incident) -> tuple[Incident, bool]:
    """Closes an incident whose deployment failed and never started a rollback: (incident, resolved now)."""
    if incident.status != "open" or incident.failed_at is None:
        return incident, False
    after = incident.model_copy(deep=True)
    after.decision = f"{after.decision} (no rollback ran)" if after.decision else "no rollback: left as it failed"
    after.status = "resolved"
    after.outcome = "closed"
    after.resolved_at = incident.failed_at
    after.failed_at = None
    return after, True


def _open(evidence: list[TimelineEntry], event: Event) -> Incident:
    assert event.deployment_id is not None
    reason = str(getattr(event.payload, "reason", "") or event.type)
    incident = Incident(
        incident_id=incident_id_for(event.deployment_id),
        deployment_id=event.deployment_id,
        environment=event.environment or "",
        title=f"{event.deployment_id} in {event.environment}: {reason}"[:200],
        trigger=event.type,
        began_at=event.occurred_at,
        detected_at=event.occurred_at,
    )
    for entry in evidence:
        if entry.event_id not in incident.seen and entry.event_id != event.event_id:
            incident.seen.append(entry.event_id)
            _record(incident, entry)
    return incident


def _record(incident: Incident, entry: TimelineEntry) -> None:
    bisect.insort(incident.timeline, entry, key=lambda e: e.at)  # evidence per service may arrive out of order
    while len(incident.timeline) > TIMELINE_CAP:
        del incident.timeline[TIMELINE_HEAD]
        incident.timeline_dropped += 1
    if entry.type in FAILURES:
        incident.began_at = min(incident.began_at, entry.at)
        _add(incident.services, [entry.service] if entry.service else [])


def _fold(incident: Incident, event: Event) -> None:
    match event:
        case RollbackRequested():
            asked = event.payload
            _add(incident.services, asked.services)
            names = ", ".join(asked.services or incident.services) or "every changed service"
            incident.decision = f"roll back {names}: {asked.reason}"
            _add(incident.reasons, [asked.reason, *asked.reasons])
        case DeploymentFailed() | DeploymentCancelled():  # closes unless a rollback starts
            failed = event.payload.failed_services if isinstance(event, DeploymentFailed) else []
            _add(incident.services, failed)
            _add(incident.reasons, [] if incident.reasons else [event.payload.reason])
            if not incident.rolling_back:
                incident.failed_at = incident.failed_at or event.occurred_at
        case DeploymentPaused():
            incident.failed_at = None  # a person decides; the incident stays open until they do
            incident.decision = incident.decision or f"pause for a person: {event.payload.reason}"
        case RollbackStarted():
            incident.rolling_back = True
            incident.failed_at = None
        case _ if event.type in RESOLVERS:
            incident.status = "resolved"
            incident.outcome = RESOLVERS[event.type]
            incident.resolved_at = event.occurred_at
            incident.failed_at = None


def _add(items: list[str], new: Iterable[str]) -> None:
    items.extend(item for item in dict.fromkeys(new) if item and item not in items)
