"""Where a stream may be cut without losing anything a consumer group still needs (pure)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupPosition:
    """A consumer group's view: the last entry it was given, and its oldest entry not yet acknowledged."""

    last_delivered: str
    oldest_pending: str | None


def parse_id(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def next_id(entry_id: str) -> str:
    ms, seq = parse_id(entry_id)
    return f"{ms}-{seq + 1}"


def keep_from(groups: list[GroupPosition]) -> str | None:
    """The smallest id some group still needs: its oldest pending entry, else the one after its last delivered.

    None when there are no groups: then nothing is known to be safe to drop.
    """
    needed = [g.oldest_pending if g.oldest_pending else next_id(g.last_delivered) for g in groups]
    return min(needed, key=parse_id) if needed else None


def trim_threshold(overflow_last: str | None, groups: list[GroupPosition]) -> str | None:
    """The MINID to trim to: past the overflow (entries beyond MAXLEN), but never past what a group needs."""
    if overflow_last is None:
        return None
    wanted = next_id(overflow_last)
    safe = keep_from(groups)
    if safe is None:
        return None
    return min(wanted, safe, key=parse_id)
