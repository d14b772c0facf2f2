"""What analytics needs of one ended deployment, a few fields kept compact: the projector writes one per deployment
(readmodel/analytics.py), and a request reads ten thousand of them in one round trip instead of the full views.

Times are seconds since the epoch. A service's duration runs from its first deploy (or switch) attempt to the end
of its last one or of its health gate, whichever is later: the time until it was live and healthy."""

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from .views import DeploymentView, ServiceSteps

FAILED = frozenset({"failed", "rolled-back"})  # the change reached production and had to be undone or failed there


@dataclass(frozen=True)
class Summary:
    id: str
    environment: str
    status: str
    created: float
    ended: float
    started: float | None = None
    commit: float | None = None  # the commit time CI sent
    # service -> its own duration, and the version it went to: dicts of plain values, which the garbage collector
    # leaves alone (ten thousand summaries name 120,000 services)
    durations: dict[str, float | None] = field(default_factory=dict)
    versions: dict[str, str | None] = field(default_factory=dict)
    trigger: str = ""  # what asked for the rollback, if one was asked for
    reasons: tuple[str, ...] = ()
    incident: bool = False
    resolved: bool = False  # the incident, if there is one
    recover_s: float | None = None  # the incident's time to recover, once resolved

    @cached_property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @cached_property
    def failed(self) -> bool:
        """Counts against the change failure rate: it failed, was rolled back, or opened an incident."""
        return self.status in FAILED or self.incident

    @cached_property
    def judged(self) -> bool:
        """Counts in the change failure rate and success rate at all: succeeded or failed in production. A rejected
        or cancelled deployment was stopped before it could be judged (unless it opened an incident)."""
        return self.status == "succeeded" or self.failed

    @cached_property
    def duration_s(self) -> float:
        return max(0.0, self.ended - (self.started if self.started is not None else self.created))

    @cached_property
    def day(self) -> date:
        """The UTC day it ended: its day in every bucket and in the deployment frequency."""
        return datetime.fromtimestamp(self.ended, UTC).date()

    @cached_property
    def lead_s(self) -> float | None:
        """Its lead time for changes, if it succeeded and CI sent a commit time before its end."""
        if self.status != "succeeded" or self.commit is None or self.ended <= self.commit:
            return None
        return self.ended - self.commit

    @property
    def rolled_back(self) -> bool:
        return bool(self.trigger) or self.status == "rolled-back"


def _seconds(at: datetime | None) -> float | None:
    return round(at.timestamp(), 3) if at is not None else None  # to the ms: the summary stays short


def _duration(steps: ServiceSteps) -> float | None:
    attempts = [a for a in steps.attempts if a.step != "rollback"]
    ends = [a.ended_at for a in attempts if a.ended_at is not None]
    if steps.gate is not None and steps.gate.ended_at is not None:
        ends.append(steps.gate.ended_at)
    duration = None
    if attempts and ends:  # to the ms: the summary stays short
        duration = round(max(0.0, (max(ends) - min(a.started_at for a in attempts)).total_seconds()), 3)
    return duration


def summarize(view: DeploymentView) -> Summary:
    """The summary of an ended view (its end falls back to its last update when no event said when it ended)."""
    names = sorted(set(view.services) | set(view.versions))
    steps = view.services
    durations = {name: _duration(steps[name]) if name in steps else None for name in names}
    versions = {name: (steps[name].to_version if name in steps else None) or view.versions.get(name) for name in names}
    rollback, incident = view.rollback, view.incident
    return Summary(
        id=view.id,
        environment=view.environment,
        status=view.status,
        created=round(view.created_at.timestamp(), 3),
        ended=round((view.ended_at or view.updated_at).timestamp(), 3),
        started=_seconds(view.started_at),
        commit=_seconds(view.commit_time),
        durations=durations,
        versions=versions,
        trigger=rollback.trigger if rollback else "",
        reasons=tuple(rollback.reasons) if rollback else (),
        incident=incident is not None,
        resolved=incident is not None and incident.outcome is not None,
        recover_s=incident.time_to_recover_s if incident else None,
    )


def encode(summary: Summary) -> str:
    """Compact JSON: a list in a fixed order, services as [names, durations, versions], the versions one string
    when every service went to the same one (as when CI names one version for all)."""
    s = summary
    each = list(s.versions.values())
    versions: list[str | None] | str = each[0] if len(set(each)) == 1 and each[0] is not None else each
    services = [list(s.durations), list(s.durations.values()), versions]
    row = [s.id, s.environment, s.status, s.created, s.ended, s.started, s.commit, services]
    row += [s.trigger, list(s.reasons), s.incident, s.resolved, s.recover_s]
    return json.dumps(row, separators=(",", ":"))


def decode(raw: str | bytes) -> Summary:
    row = json.loads(raw)
    names, took, versions = row[7]
    if not isinstance(versions, list):
        versions = [versions] * len(names)
    durations, versions = dict(zip(names, took, strict=True)), dict(zip(names, versions, strict=True))
    return Summary(
        id=row[0],
        environment=row[1],
        status=row[2],
        created=row[3],
        ended=row[4],
        started=row[5],
        commit=row[6],
        durations=durations,
        versions=versions,
        trigger=row[8],
        reasons=tuple(row[9]),
        incident=row[10],
        resolved=row[11],
        recover_s=row[12],
    )
