"""Drift: a service reports another version than the one Flightdeck last made it run (pure).

The desired version of each service in each environment is folded from the events that end a deployment: the
versions of a deployment that succeeded, the versions a rollback restored (completely, or for the services whose
rollback worked when it failed as a whole). The monitor reports what each service says it runs, one report per
10-second bucket. Drift is decided from the newest reports only when the last `agreement` known ones agree: one odd
probe (a load balancer still sending some traffic to an old instance) is not drift. A drift is reported once per
(desired, reported) pair, so a correction that does not take is not requested again and again.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from shared.events import DeploymentRecorded, DeploymentRolledBack, DeploymentSucceeded, Event, RollbackFailed

Desiring = DeploymentSucceeded | DeploymentRecorded | DeploymentRolledBack | RollbackFailed
DESIRING: tuple[type[Desiring], ...] = (DeploymentSucceeded, DeploymentRolledBack, RollbackFailed, DeploymentRecorded)
UNKNOWN = "unknown"  # what the monitor records when a health endpoint names no version
AGREEMENT = 2


@dataclass(frozen=True)
class Desired:
    """The version a service should run, which deployment made it so, and when (epoch seconds)."""

    version: str
    desired_by: str | None
    at: float

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> "Desired":
        data = json.loads(raw)
        return cls(str(data["version"]), data.get("desired_by"), float(data["at"]))


def desired_from(event: Event) -> dict[str, Desired]:
    """service -> desired version, from one event; empty for events that say nothing about it."""
    if isinstance(event, DeploymentSucceeded | DeploymentRecorded):
        versions = dict(event.payload.versions)
    elif isinstance(event, DeploymentRolledBack):
        versions = dict(event.payload.services)
    elif isinstance(event, RollbackFailed):
        versions = {o.service: o.restored_version for o in event.payload.outcomes if o.ok and o.restored_version}
    else:
        return {}
    at = event.occurred_at.timestamp()
    return {service: Desired(version, event.deployment_id, at) for service, version in versions.items()}


def fold(current: Desired | None, candidate: Desired) -> Desired:
    """The later of the two: events of different deployments may be handled out of order."""
    return candidate if current is None or candidate.at >= current.at else current


def reports(entries: Sequence[Mapping[str, str]], since: float) -> list[str]:
    """Versions reported in series entries (newest first) whose bucket started at or after `since`: buckets from
    before the desired version was recorded describe the deployment or rollback, not what runs now."""
    found = []
    for fields in entries:
        try:
            start = float(fields.get("start", ""))
        except ValueError:
            continue
        if start >= since:
            found.append(fields.get("version") or UNKNOWN)
    return found


def agreed(reported: Sequence[str], agreement: int = AGREEMENT) -> str | None:
    """The version the newest `agreement` known reports (newest first, "unknown" ignored) all name, if they do."""
    known = [version for version in reported if version and version != UNKNOWN][:agreement]
    if len(known) < agreement or len(set(known)) != 1:
        return None
    return known[0]


@dataclass(frozen=True)
class Drift:
    desired_version: str
    reported_version: str
    redeploy: bool

    @property
    def action(self) -> Literal["redeploy", "report"]:
        return "redeploy" if self.redeploy else "report"


def assess(
    desired: str,
    reported: list[str],
    already_reported: str | None,
    correct: bool,
    agreement: int = AGREEMENT,
) -> Drift | None:
    """Drift when the newest `agreement` known reports agree on a version other than `desired`, unless that reported
    version was already reported for this desired version (`already_reported`); `correct`: the plan allows a
    redeploy of the desired version."""
    if agreement < 1:
        raise ValueError("agreement must be at least 1")
    version = agreed(reported, agreement)
    if version is None or version == desired or version == already_reported:
        return None
    return Drift(desired_version=desired, reported_version=version, redeploy=correct)
