"""Groups, with Alertmanager's timings: group_wait before a new group's first message, group_interval between
messages about new alerts, repeat_interval before the same firing state is sent again; the resolution of an alert
already told goes out group_wait after it. Pure: state in, state out.

A group ticks every group_interval after its first flush, as Alertmanager's do, but only the ticks where something
can happen are taken: a group with nothing new sleeps until the tick of its repeat, and an alert joining or
resolving wakes it at the next tick. So a thousand quiet groups cost nothing between their repeats."""

import hashlib
import math
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
    flushed_at: float | None = Field(None, description="its last tick: the next ones fall group_interval apart")
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
    due = min(group.next_flush, next_tick(group, now, timing))  # a sleeping group wakes at its next tick
    return group.model_copy(
        update={"alerts": {**group.alerts, alert.fingerprint: alert}, "channels": channels, "next_flush": due}
    )


def next_tick(group: Group, at: float, timing: Timing) -> float:
    """The group's first tick after `at` (its first flush when it has had none)."""
    if group.flushed_at is None:
        return group.next_flush
    if timing.group_interval <= 0:
        return at
    steps = max(1, math.ceil((at - group.flushed_at) / timing.group_interval - 1e-9))
    return group.flushed_at + steps * timing.group_interval


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
    updates: dict[str, object] = {"alerts": keep, "flushed_at": now, "told": sorted(told & keep.keys())}
    if message is not None:
        updates |= {"notified_at": now, "messages": group.messages + 1, "last_firing": [a.fingerprint for a in firing]}
    after = group.model_copy(update=updates)
    wakes = _wakes_at(after, now, timing, hidden=bool(muted & keep.keys()))
    return after.model_copy(update={"next_flush": wakes}), message


def _wakes_at(group: Group, now: float, timing: Timing, hidden: bool) -> float:
    """The tick a group just flushed is due again: the next one while some of its alerts are muted (a silence or
    a deployment's explanation can end at any time), else the one of its repeat (a join or a resolution wakes it
    sooner)."""
    if hidden or group.notified_at is None or timing.repeat_interval <= timing.group_interval:
        return now + timing.group_interval
    return next_tick(group, group.notified_at + timing.repeat_interval, timing)


def _state(key: str, sequence: int, firing: list[Alert], resolved: list[Alert]) -> str:
    text = "|".join(
        [key, str(sequence), *sorted(a.fingerprint for a in firing), "/", *sorted(a.fingerprint for a in resolved)]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:24]
