"""Which routes an alert takes (first match wins unless a route says continue) and the group it joins on each."""

import hashlib
from dataclasses import dataclass
from fnmatch import fnmatchcase

from shared.plan.alerting import Alerting, EscalationStep, Match

from .alert import Alert
from .escalation import chain_steps


@dataclass(frozen=True)
class Routed:
    """One route an alert takes: its channels, its escalation, and the group (key and labels) it joins there."""

    route: int  # index in alerting.routes; -1 is the default route (every channel) used when no route is written
    channels: tuple[str, ...]
    escalation: tuple[EscalationStep, ...]
    group_key: str
    group_labels: dict[str, str]


def matches(match: Match, alert: Alert) -> bool:
    services = {alert.service} if alert.service else set(alert.services)
    return (
        (not match.event or any(fnmatchcase(alert.name, pattern) for pattern in match.event))
        and (not match.severity or alert.severity in match.severity)
        and (not match.environment or alert.environment in match.environment)
        and (not match.service or bool(services & set(match.service)))
    )


def route(alert: Alert, alerting: Alerting) -> list[Routed]:
    chosen: list[tuple[int, tuple[str, ...], tuple[EscalationStep, ...]]] = []
    if not alerting.routes and alerting.channels:
        chosen.append((-1, tuple(alerting.channels), tuple(chain_steps(alerting, -1))))
    for index, candidate in enumerate(alerting.routes):
        if matches(candidate.match, alert):
            chosen.append((index, tuple(candidate.channels), tuple(chain_steps(alerting, index))))
            if not candidate.continue_:
                break
    labels = alert.labels()
    group_labels: dict[str, str] = {name: labels.get(name, "") for name in alerting.group_by}
    return [
        Routed(index, channels, steps, group_key(index, group_labels), group_labels)
        for index, channels, steps in chosen
    ]


def group_key(route_index: int, labels: dict[str, str]) -> str:
    """Short and stable: a Redis key part and an e-mail thread id; the labels stay readable in the group itself."""
    text = f"{route_index}\x1f" + "\x1f".join(f"{name}={value}" for name, value in sorted(labels.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:20]
