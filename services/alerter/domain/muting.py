"""Why an alert is not sent now: a silence matching its labels, or an inhibition by a firing root cause. Pure."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.events.alerting import SilenceCreatedPayload
from shared.matching import all_match

from .alert import Alert

HEALTH_ALERTS = ("health-degraded", "performance-degraded", "health-gate-failed")


@dataclass(frozen=True)
class Muted:
    fingerprint: str
    reason: str  # "silenced by s-123" or "inhibited: ..."


def silenced_by(alert: Alert, silences: Iterable[SilenceCreatedPayload], now: float) -> str | None:
    labels = alert.labels()
    for silence in silences:
        active = _ts(silence.starts_at) <= now < _ts(silence.ends_at)
        if active and all_match(silence.matchers, labels):
            return silence.silence_id
    return None


def _ts(moment: datetime) -> float:
    return moment.timestamp()


def dependents(graph: Mapping[str, list[str]]) -> dict[str, set[str]]:
    """Each service and every service that depends on it, directly or not (the services its failure impacts)."""
    direct: dict[str, set[str]] = {name: set() for name in graph}
    for name, needs in graph.items():
        for need in needs:
            direct.setdefault(need, set()).add(name)
    result: dict[str, set[str]] = {}
    for name in direct:
        seen: set[str] = set()
        stack = list(direct[name])
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack.extend(direct.get(current, ()))
        result[name] = seen
    return result


def _subjects(alert: Alert) -> set[str]:
    return {alert.service} if alert.service else set(alert.services)


def inhibited_by(alert: Alert, active: Iterable[Alert], impacts: Mapping[str, set[str]]) -> str | None:
    """A firing critical alert mutes the warnings of its own service, of the services that depend on it, and of its
    deployment; a rollback in progress mutes the health alerts of the services it rolls back."""
    subjects = _subjects(alert)
    for source in active:
        if source.fingerprint == alert.fingerprint or source.status != "firing":
            continue
        if source.environment != alert.environment:
            continue
        if source.name == "rollback-started" and alert.name in HEALTH_ALERTS and subjects & set(source.services):
            return f"inhibited: {source.deployment_id} is being rolled back"
        if source.severity != "critical" or alert.severity != "warning":
            continue
        if alert.deployment_id and source.deployment_id == alert.deployment_id:
            return f"inhibited: {source.name} of deployment {source.deployment_id}"
        roots = _subjects(source)
        impacted = roots.union(*(impacts.get(root, set()) for root in roots))
        if subjects and subjects <= impacted:
            return f"inhibited: {source.name} on {', '.join(sorted(roots))}"
    return None


def muted(
    alerts: Iterable[Alert],
    active: list[Alert],
    silences: list[SilenceCreatedPayload],
    impacts: Mapping[str, set[str]],
    now: float,
) -> dict[str, str]:
    """fingerprint -> why, for each of alerts that must not be sent now."""
    found = {}
    for alert in alerts:
        silence = silenced_by(alert, silences, now)
        reason = f"silenced by {silence}" if silence else inhibited_by(alert, active, impacts)
        if reason:
            found[alert.fingerprint] = reason
    return found
