"""Groups, with Alertmanager's timings: group_wait before a new group's first message, group_interval between
messages about new alerts, repeat_interval before the same firing state is sent again; the resolution of an alert
already told goes out group_wait after it. Pure: state in, state out."""

import hashlib
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from .alert import Alert


@dataclass(frozen=True)
class Timing:
    group_wait: float
    group_interval: float
    repeat_interval: float


class Group(BaseModel):
    key: str
    route: int
    labels: dict[str, str]
    channels: list[str]
    alerts: dict[str, Alert] = Field(default_factory=dict)
    created_at: float
    next_flush: float
    notified_at: float | None = None
    last_firing: list[str] = Field(default_factory=list, description="firing alerts in the last message")
    told: list[str] = Field(default_factory=list, description="alerts whose firing message this group sent")
    messages: int = 0


@dataclass(frozen=True)
class Message:
    """What a flush decided to send: the group's visible state."""

    kind: Literal["new", "update", "repeat"]
    firing: list[Alert]
    resolved: list[Alert]
    state: str  # same state, same id: a message is never sent twice for it


def join(
    group: Group | None,
    alert: Alert,
    *,
    key: str,
    route: int,
    labels: dict[str, str],
    channels: list[str],
    now: float,
    timing: Timing,
) -> Group:
    """The group with the alert in it; a new group is first flushed group_wait from now."""
    if group is None:
        group = Group(
            key=key, route=route, labels=labels, channels=channels, created_at=now, next_flush=now + timing.group_wait
        )
    old = group.alerts.get(alert.fingerprint)
    if old is not None and old.status == "firing":  # a repeat: the alert still started when it first fired
        alert = alert.model_copy(update={"starts_at": old.starts_at})
    return group.model_copy(update={"alerts": {**group.alerts, alert.fingerprint: alert}, "channels": channels})


def resolve(group: Group, fingerprint: str, at: float, event_id: str, timing: Timing) -> Group:
    """The group with the alert resolved. The resolution of an alert it told about ends a story: it goes out
    group_wait from now, not at the next group_interval (unlike Alertmanager); an untold one waits as before."""
    alert = group.alerts.get(fingerprint)
    if alert is None or alert.status == "resolved":
        return group
    done = alert.model_copy(update={"status": "resolved", "ends_at": at, "event_id": event_id})
    due = min(group.next_flush, at + timing.group_wait) if fingerprint in group.told else group.next_flush
    return group.model_copy(update={"alerts": {**group.alerts, fingerprint: done}, "next_flush": due})


def flush(group: Group, now: float, timing: Timing, muted: set[str]) -> tuple[Group | None, Message | None]:
    """At a group's tick: the message to send, if any, and the group after it (None once nothing is left in it).

    A message goes out when alerts joined since the last one, when alerts it told about resolved (muted or not),
    or when repeat_interval passed with alerts still firing. Muted alerts are left out of firing lists."""
    alerts = list(group.alerts.values())
    firing = [
        a
        for a in alerts
        if a.status == "firing" and a.fingerprint not in muted and not (a.notice and a.fingerprint in group.told)
    ]
    resolved = [a for a in alerts if a.status == "resolved" and a.fingerprint in group.told and not a.notice]
    joined = {a.fingerprint for a in firing} - set(group.last_firing)
    kind: Literal["new", "update", "repeat"] | None = None
    if joined or resolved:
        kind = "new" if group.messages == 0 else "update"
    elif firing and group.notified_at is not None and now - group.notified_at >= timing.repeat_interval - 1e-6:
        kind = "repeat"
    message = None
    if kind is not None:
        state = _state(f"{group.key}@{group.created_at!r}", group.messages, firing, resolved)
        message = Message(kind, firing, resolved, state)
    told = set(group.told) | ({a.fingerprint for a in firing} if message else set())
    keep = {fp: a for fp, a in group.alerts.items() if a.status == "firing" and not (a.notice and fp in told)}
    if not keep:
        return None, message
    updates: dict[str, object] = {
        "alerts": keep,
        "next_flush": now + timing.group_interval,
        "told": sorted(told & keep.keys()),
    }
    if message is not None:
        updates |= {"notified_at": now, "messages": group.messages + 1, "last_firing": [a.fingerprint for a in firing]}
    return group.model_copy(update=updates), message


def _state(key: str, sequence: int, firing: list[Alert], resolved: list[Alert]) -> str:
    text = "|".join(
        [key, str(sequence), *sorted(a.fingerprint for a in firing), "/", *sorted(a.fingerprint for a in resolved)]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]
