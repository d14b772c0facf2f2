"""Following one deployment: how its events map to the command's outcome. `Tracker` is pure; `watch` reads the
events through a Transport until an ending or the deadline (cli/lines.py says what each event reads as)."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shared.durations import format_duration
from shared.events import Event

from .lines import reason_of
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
                if ending := tracker.see(event.type, reason_of(event)):
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
