"""What one event, or the settling of a failure, does to a deployment's incident and its evidence: the update the
adapter writes in one transaction, or None when nothing changes (pure)."""

from dataclasses import dataclass
from datetime import datetime

from shared.events import DeploymentSucceeded, Event

from .incident import Incident
from .incident_fold import apply, remember, settle
from .timeline import TimelineEntry


@dataclass(frozen=True)
class IncidentUpdate:
    incident: Incident | None = None  # to store (None: no incident yet)
    opened: bool = False
    resolved: bool = False
    evidence: TimelineEntry | None = None  # to keep until an incident opens
    forget: bool = False  # the deployment succeeded with no incident: its evidence is of no use


def update_for(
    before: Incident | None, evidence: list[TimelineEntry], event: Event, late: bool
) -> IncidentUpdate | None:
    """`late`: a health signal about a deployment that has ended, which only joins an incident still open."""
    if late and (before is None or before.status != "open"):
        return None
    after, opened, resolved = apply(before, evidence, event)
    if after is None:
        if isinstance(event, DeploymentSucceeded):
            return IncidentUpdate(forget=True) if evidence else None
        entry = remember(evidence, event)
        return IncidentUpdate(evidence=entry) if entry else None
    return None if after == before else IncidentUpdate(after, opened, resolved)


def settled(before: Incident | None, failed_at: datetime | None) -> IncidentUpdate | None:
    """Closes the incident, come due for settling, if it is still the failure that made it due (`failed_at`, None for
    a due entry that does not say) with no rollback started since."""
    if before is None or before.failed_at is None:
        return None
    if failed_at is not None and before.failed_at != failed_at:
        return None  # paused or rolled back, then failed again: that failure has its own time to settle
    after, resolved = settle(before)
    return IncidentUpdate(after, resolved=resolved) if resolved else None
