"""Following one deployment: what each event says in one line, and how its events map to the command's outcome.
`Tracker` and `describe` are pure; `watch` reads the events through a Transport until an ending or the deadline."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from shared.durations import format_duration
from shared.events import Event

from .transport import Transport

SUCCEEDED, FAILED, ROLLED_BACK, STOPPED, UNFINISHED = 0, 1, 2, 3, 4
GRACE_S = 3.0  # after deployment-failed or -cancelled: how long a rollback-started may take to show up


@dataclass(frozen=True)
class Ending:
    outcome: str  # succeeded, failed, rolled back, rollback failed, rejected, cancelled, timed out, unreachable
    exit_code: int
    detail: str = ""


class Tracker:
    """Folds a deployment's event types into its ending. After a failure or a cancel it is `pending`: a rollback
    may follow (then it waits for its end); when none comes within the grace period, call `settle()`."""

    def __init__(self) -> None:
        self.failed = self.cancelled = self.rolling_back = self.paused = False
        self.reason = ""

    @property
    def pending(self) -> bool:
        return (self.failed or self.cancelled) and not self.rolling_back

    def see(self, kind: str, reason: str = "") -> Ending | None:
        if kind == "deployment-succeeded":
            return Ending("succeeded", SUCCEEDED)
        if kind == "deployment-rejected":
            return Ending("rejected", STOPPED, reason)
        if kind == "deployment-failed":
            self.failed, self.paused, self.reason = True, False, reason
        elif kind == "deployment-cancelled":
            self.cancelled, self.reason = True, reason or "cancelled"
        elif kind == "deployment-paused":
            self.failed, self.paused = False, True  # a person decides: retry, continue or roll back
        elif kind in ("resume-requested", "deployment-started"):
            self.paused = False
        elif kind == "rollback-started":
            self.rolling_back, self.paused = True, False
        elif kind == "deployment-rolled-back":
            if self.cancelled:
                return Ending("cancelled", STOPPED, f"{self.reason}; rolled back")
            return Ending("rolled back", ROLLED_BACK, self.reason or reason)
        elif kind == "rollback-failed":
            if self.cancelled:
                return Ending("cancelled", STOPPED, f"{self.reason}; the rollback failed too")
            return Ending("rollback failed", FAILED, self.reason or reason)
        return None

    def settle(self) -> Ending | None:
        """The ending when no rollback followed a failure or cancel (a freeze, or nothing to undo)."""
        if not self.pending:
            return None
        if self.cancelled:
            return Ending("cancelled", STOPPED, self.reason)
        return Ending("failed", FAILED, self.reason)


def outcome_of(kinds: Iterable[str]) -> Ending | None:
    """The ending a list of event types leads to (settling a failure no rollback followed), None if unfinished."""
    tracker = Tracker()
    for kind in kinds:
        if ending := tracker.see(kind):
            return ending
    return tracker.settle()


def _reason(event: Event) -> str:
    return str(getattr(event.payload, "reason", "") or getattr(event.payload, "summary", "") or "")


def _listed(versions: dict[str, str]) -> str:
    return ", ".join(f"{name} {version}" for name, version in versions.items())


def _service_step(event: Event) -> tuple[str, str] | None:
    p: Any = event.payload
    name = event.service
    step = getattr(p, "step", "deploy")
    what = f"rollback {name} -> {p.version}" if step == "rollback" else f"{step} {name} {p.version}"
    if event.type == "service-deploy-started":
        again = f" (attempt {p.attempt})" if p.attempt > 1 else ""
        return f"{what} ...{again}", ""
    if event.type == "service-deploy-succeeded":
        return f"{what} ... ok {p.duration_s:.1f}s", "ok"
    why = (f"timed out after {p.duration_s:.0f}s" if p.timed_out
           else f"exit {p.exit_code}" if p.exit_code is not None else p.reason)
    return (f"FAILED {what}: {why}" if step == "rollback" else f"FAILED {name}: {why}"), "bad"


def describe(event: Event, waves: int = 0) -> tuple[str, str] | None:
    """(line, tone) for a person, tone one of "", ok, warn, bad; None for events not worth a line."""
    p: Any = event.payload
    kind, name = event.type, event.service
    if kind.startswith("service-deploy-"):
        return _service_step(event)
    lines: dict[str, Callable[[], tuple[str, str]]] = {
        "deployment-started": lambda: (f"started   {_listed(p.versions)} ({len(p.waves)} waves)", ""),
        "deployment-queued": lambda: (f"queued    behind {p.behind} (position {p.position})", "warn"),
        "approval-requested": lambda: (
            f"waiting   for approval{' from ' + ', '.join(p.approvers) if p.approvers else ''}", "warn"),
        "approval-granted": lambda: (f"approved  by {p.approved_by}", "ok"),
        "stage-started": lambda: (f"wave {p.wave + 1}/{waves or '?'}  {', '.join(p.services)}", ""),
        "stage-failed": lambda: (f"wave {p.wave + 1} FAILED: {p.reason}", "bad"),
        "health-gate-passed": lambda: (f"gate {name} passed", "ok"),
        "health-gate-failed": lambda: (f"gate {name} FAILED: {p.reason}", "bad"),
        "verification-passed": lambda: ("verified  checks passed", "ok"),
        "verification-failed": lambda: (f"verification FAILED: {_reason(event) or 'see the results'}", "bad"),
        "bake-started": lambda: (f"baking    for {format_duration(p.duration_s)}", ""),
        "deployment-failed": lambda: (f"FAILED    {p.reason}", "bad"),
        "deployment-paused": lambda: (f"PAUSED    {p.reason}: a person must resume it or roll it back "
                                      "(this command keeps waiting)", "warn"),
        "deployment-rejected": lambda: (f"REJECTED  {p.reason}", "bad"),
        "deployment-cancelled": lambda: (f"cancelled by {p.cancelled_by}{': ' + p.reason if p.reason else ''}",
                                         "warn"),
        "rollback-started": lambda: (f"rollback  started: {p.reason}", "warn"),
        "rollback-failed": lambda: ("ROLLBACK FAILED  " + "; ".join(
            f"{o.service}: {o.detail or 'failed'}" for o in p.outcomes if not o.ok), "bad"),
        "deployment-rolled-back": lambda: (f"rolled back  {_listed(p.services) or 'nothing changed'}", "warn"),
        "deployment-succeeded": lambda: (f"succeeded {_listed(p.versions)}", "ok"),
    }
    make = lines.get(kind)
    return make() if make else None


async def watch(transport: Transport, deployment_id: str, since: str, timeout_s: float, show: Callable[[Event], None],
                grace_s: float = GRACE_S, clock: Callable[[], float] = time.monotonic) -> Ending:
    """Shows each of the deployment's events after `since` until its ending, or "timed out" past `timeout_s`.
    TransportError passes through (the caller reports it as unreachable)."""
    tracker, deadline, pending_since = Tracker(), clock() + timeout_s, None
    stream = transport.follow(deployment_id, since=since, block_ms=max(50, min(500, int(timeout_s * 1000))))
    try:
        async for event in stream:
            if event is not None:
                show(event)
                if ending := tracker.see(event.type, _reason(event)):
                    return ending
            now = clock()
            if tracker.pending:
                pending_since = pending_since if pending_since is not None else now
                if now - pending_since >= grace_s and (ending := tracker.settle()):
                    return ending
            else:
                pending_since = None
            if now >= deadline:
                waiting = " (paused: a person must resume it)" if tracker.paused else ""
                return Ending("timed out", UNFINISHED, f"no ending after {format_duration(timeout_s)}{waiting}; "
                              f"the deployment goes on: raise --timeout to wait longer")
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
    return Ending("unreachable", UNFINISHED, "the event stream ended")
