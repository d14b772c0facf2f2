"""Pure decisions about one delivered stream entry: handle it, retry it later, or dead-letter it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

T = TypeVar("T")


class Verdict(Enum):
    ACK = "ack"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    reason: str = ""
    error: str = ""


ACKED = Outcome(Verdict.ACK)


def before_handling(attempt: int, max_attempts: int) -> Outcome | None:
    """An entry delivered more often than allowed is dead before it can take another worker down with it."""
    if attempt > max_attempts:
        return Outcome(
            Verdict.DEAD,
            "too-many-deliveries",
            f"delivered {attempt} times without being acknowledged (the limit is {max_attempts}); "
            "a worker probably died or timed out while handling it",
        )
    return None


def after_failure(attempt: int, max_attempts: int, error: BaseException) -> Outcome:
    """A failed handler is retried (by reclaim, after the idle time) until the last attempt, then dead."""
    text = f"{type(error).__name__}: {error}"
    if attempt >= max_attempts:
        return Outcome(Verdict.DEAD, "handler-failed", f"failed {attempt} of {max_attempts} attempts; last: {text}")
    return Outcome(Verdict.RETRY, "handler-failed", text)


def failure_note(attempt: int, max_attempts: int, outcome: Outcome) -> str:
    """What the log says of a failed handler: which attempt, and what happens to the entry next."""
    if outcome.verdict is Verdict.DEAD:
        return f"handler failed (attempt {attempt} of {max_attempts}); dead-lettering the event"
    return f"handler failed (attempt {attempt} of {max_attempts}); retrying once its entry is reclaimed"


def in_order_groups(items: Iterable[T], key: Callable[[T], str]) -> list[list[T]]:
    """Items split by key, each group in arrival order: one key's events run in order, keys run side by side."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())
