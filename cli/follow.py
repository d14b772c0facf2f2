"""How a deployment's events map to the command's outcome (pure). cli/watch.py follows them through a Transport;
cli/lines.py says what each reads as."""

from collections.abc import Iterable
from dataclasses import dataclass

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
            self.failed = True
            self.paused = False
            self.reason = reason
        elif kind == "deployment-cancelled":
            self.cancelled = True
            self.reason = reason or "cancelled"
        elif kind == "deployment-paused":
            self.failed = False  # a person decides: retry, continue or roll back
            self.paused = True
        elif kind in ("resume-requested", "deployment-started"):
            self.paused = False
        elif kind == "rollback-started":
            self.rolling_back = True
            self.paused = False
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
