"""Incidents: what went wrong with a deployment, what was decided, how long detection and recovery took (pure).

An incident opens at deployment-failed or rollback-requested with the events seen before it (the evidence: began_at,
the early timeline), and resolves when the rollback completes or fails, or the deployment succeeds after all. One that
failed and started no rollback (freeze, nothing to undo) is closed by `settle` once none followed for a while."""

import bisect
import statistics
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from shared.events import Event

FAILURES = frozenset(
    {"service-deploy-failed", "health-gate-failed", "health-degraded", "performance-degraded", "verification-failed"}
)
OPENERS = frozenset({"deployment-failed", "rollback-requested"})
TIMELINE_CAP, TIMELINE_HEAD, SEEN_CAP = 200, 50, 1000  # past the cap the oldest entries after the head are dropped
Folded = tuple["Incident | None", bool, bool]  # the incident after an event, opened now, resolved now
Outcome = Literal["rolled-back", "rollback-failed", "recovered", "closed"]
RESOLVERS: dict[str, Outcome] = {
    "rollback-completed": "rolled-back",
    "deployment-rolled-back": "rolled-back",
    "rollback-failed": "rollback-failed",
    "deployment-succeeded": "recovered",
}


def incident_id_for(deployment_id: str) -> str:
    return f"inc-{deployment_id}"


class TimelineEntry(BaseModel):
    at: datetime
    type: str
    service: str | None = None
    summary: str
    event_id: str


class Incident(BaseModel):
    incident_id: str
    deployment_id: str
    environment: str
    title: str
    trigger: str = Field(description="the event type that opened it")
    services: list[str] = Field(default_factory=list)
    status: Literal["open", "resolved"] = "open"
    began_at: datetime = Field(description="earliest evidence: the first failure-type event of the deployment")
    detected_at: datetime = Field(description="the deployment-failed or first rollback-requested")
    resolved_at: datetime | None = None
    outcome: Outcome | None = None
    decision: str = ""
    reasons: list[str] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    timeline_dropped: int = 0
    failed_at: datetime | None = Field(None, description="failed with no rollback started (yet): settle closes it")
    rolling_back: bool = False
    seen: list[str] = Field(default_factory=list, description="ids of the events folded in (the last SEEN_CAP)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def time_to_detect_s(self) -> float:
        return max(0.0, (self.detected_at - self.began_at).total_seconds())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def time_to_recover_s(self) -> float | None:
        """None until resolved, and for outcomes that restored nothing (rollback-failed, closed)."""
        if self.resolved_at is None or self.outcome not in ("rolled-back", "recovered"):
            return None
        return max(0.0, (self.resolved_at - self.detected_at).total_seconds())


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
    after.status, after.outcome, after.resolved_at, after.failed_at = "resolved", "closed", incident.failed_at, None
    return after, True


def mttr_s(incidents: Iterable[Incident]) -> float | None:
    """Mean time to recover over the incidents that recovered; None when none did."""
    times = [i.time_to_recover_s for i in incidents if i.time_to_recover_s is not None]
    return statistics.fmean(times) if times else None


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
    p: Any = event.payload
    if event.type == "rollback-requested":
        _add(incident.services, p.services)
        names = ", ".join(p.services or incident.services) or "every changed service"
        incident.decision = f"roll back {names}: {p.reason}"
        _add(incident.reasons, [p.reason, *p.reasons])
    elif event.type in ("deployment-failed", "deployment-cancelled"):  # closes unless a rollback starts
        _add(incident.services, getattr(p, "failed_services", []))
        _add(incident.reasons, [] if incident.reasons else [p.reason])
        if not incident.rolling_back:
            incident.failed_at = incident.failed_at or event.occurred_at
    elif event.type == "deployment-paused":
        incident.failed_at = None  # a person decides; the incident stays open until they do
        incident.decision = incident.decision or f"pause for a person: {p.reason}"
    elif event.type == "rollback-started":
        incident.rolling_back, incident.failed_at = True, None
    elif event.type in RESOLVERS:
        incident.status, incident.outcome, incident.resolved_at = "resolved", RESOLVERS[event.type], event.occurred_at
        incident.failed_at = None


def _add(items: list[str], new: Iterable[str]) -> None:
    items.extend(item for item in dict.fromkeys(new) if item and item not in items)


def entry_for(event: Event) -> TimelineEntry:
    summary = SUMMARIES.get(event.type, _plain)(event, event.payload)
    return TimelineEntry(
        at=event.occurred_at, type=event.type, service=event.service, summary=summary[:300], event_id=event.event_id
    )


def _plain(e: Event, p: Any) -> str:
    """'service deploy failed: api 1.2.0 (rollback): exit 1', from the fields most payloads share."""
    step = getattr(p, "step", None)
    head = " ".join(str(x) for x in (e.service, getattr(p, "version", None), step and f"({step})") if x)
    detail = getattr(p, "reason", "") or getattr(p, "summary", "")
    return ": ".join(x for x in (e.type.replace("-", " "), head, detail) if x)


def _amount(metric: str, value: float) -> str:
    return f"{value:.1%}" if metric == "error_rate" else f"{value:g}" + (" ms" if metric == "latency_p95" else "")


def _outcomes(p: Any) -> str:
    return (
        ", ".join(
            f"{o.service} -> {o.restored_version or '?'}" if o.ok else f"{o.service} not restored: {o.detail}"
            for o in p.outcomes
        )
        or "no services"
    )


SUMMARIES: dict[str, Callable[[Event, Any], str]] = {
    "deployment-started": lambda e, p: "started: " + (", ".join(f"{s} {v}" for s, v in p.versions.items()) or "-"),
    "health-degraded": lambda e, p: (
        f"{e.service} {p.status}" + (f" (error rate {p.error_rate:.1%})" if p.error_rate is not None else "")
    ),
    "performance-degraded": lambda e, p: (
        f"{e.service} {p.version}: {p.metric} {_amount(p.metric, p.value)} over {_amount(p.metric, p.threshold)}"
    ),
    "rollback-requested": lambda e, p: f"rollback requested by {p.requested_by} ({p.trigger}): {p.reason}",
    "rollback-started": lambda e, p: "rollback started: " + (" then ".join(", ".join(w) for w in p.waves) or "-"),
    "rollback-completed": lambda e, p: f"rollback completed in {p.duration_s:.1f}s: {_outcomes(p)}",
    "rollback-failed": lambda e, p: f"rollback failed: {_outcomes(p)}",
}
