"""Incidents: what went wrong with a deployment, what was decided, how long detection and recovery took (pure).

The record and its measures; how a deployment's events make and change one is domain/incident_fold.py."""

import statistics
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from .timeline import TimelineEntry

IncidentOutcome = Literal["rolled-back", "rollback-failed", "recovered", "closed"]


def incident_id_for(deployment_id: str) -> str:
    return f"inc-{deployment_id}"


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
    outcome: IncidentOutcome | None = None
    decision: str = ""
    reasons: list[str] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    timeline_dropped: int = 0
    failed_at: datetime | None = Field(None, description="failed with no rollback started (yet): settle closes it")
    rolling_back: bool = False
    seen: list[str] = Field(default_factory=list, description="ids of the events folded in (the last SEEN_CAP)")

    @computed_field  # type: ignore[prop-decorator]  # mypy does not take a decorator over a property
    @property
    def time_to_detect_s(self) -> float:
        return max(0.0, (self.detected_at - self.began_at).total_seconds())

    @computed_field  # type: ignore[prop-decorator]  # mypy does not take a decorator over a property
    @property
    def time_to_recover_s(self) -> float | None:
        """None until resolved, and for outcomes that restored nothing (rollback-failed, closed)."""
        if self.resolved_at is None or self.outcome not in ("rolled-back", "recovered"):
            return None
        return max(0.0, (self.resolved_at - self.detected_at).total_seconds())


def mttr_s(incidents: Iterable[Incident]) -> float | None:
    """Mean time to recover over the incidents that recovered; None when none did."""
    times = [i.time_to_recover_s for i in incidents if i.time_to_recover_s is not None]
    return statistics.fmean(times) if times else None
