"""Pure decisions about one delivered stream entry: handle it, retry it later, or dead-letter it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

T = TypeVar("T")


class Disposition(Enum):
    """What becomes of a delivered entry."""

    ACK = "ack"
    RETRY = "retry"
    DEAD = "dead"


@dataclass(frozen=True)
class EntryFate:
    """An entry's disposition, and for one not acknowledged why (a reason code) and the error people read."""

    disposition: Disposition
    reason: str = ""
    error: str = ""


ACKED = EntryFate(Disposition.ACK)


def before_handling(attempt: int, max_attempts: int) -> EntryFate | None:
    """An entry delivered more often than allowed is dead before it can take another worker down with it."""
    if attempt > max_attempts:
        return EntryFate(
            Disposition.DEAD,
            "too-many-deliveries",
            f"delivered {attempt} times without being acknowledged (the limit is {max_attempts}); "
            "a worker probably died or timed out while handling it",
        )
    return None


def after_failure(attempt: int, max_attempts: int, error: BaseException) -> EntryFate:
    """A failed handler is retried (by reclaim, after the idle time) until the last attempt, then dead."""
    text = f"{type(error).__name__}: {error}"
    if attempt >= max_attempts:
        return EntryFate(
            Disposition.DEAD, "handler-failed", f"failed {attempt} of {max_attempts} attempts; last: {text}"
        )
    return EntryFate(Disposition.RETRY, "handler-failed", text)


def failure_note(attempt: int, max_attempts: int, fate: EntryFate) -> str:
    """What the log says of a failed handler: which attempt, and what happens to the entry next."""
    if fate.disposition is Disposition.DEAD:
        return f"handler failed (attempt {attempt} of {max_attempts}); dead-lettering the event"
    return f"handler failed (attempt {attempt} of {max_attempts}); retrying once its entry is reclaimed"


def in_order_groups(items: Iterable[T], key: Callable[[T], str]) -> list[list[T]]:
    """Items split by key, each group in arrival order: one key's events run in order, keys run side by side."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.values())
