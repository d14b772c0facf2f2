"""Whether anybody takes a request off the events stream (pure): a coordinator that is not running looks, from the
CLI, just like a slow one, unless its consumer group says otherwise (XINFO GROUPS and XINFO CONSUMERS)."""

from dataclasses import dataclass

NOTICE_S = 3.0  # how long a request may wait for its first answer before the CLI asks who reads the stream
ALIVE_S = 5.0  # a consumer that read within this long counts as a live, maybe busy, coordinator


@dataclass(frozen=True)
class Readers:
    """A service's consumer group on the events stream; `exists` False when no such service ever ran here."""

    exists: bool
    last_delivered: str = "0-0"  # the newest entry the group handed to one of its consumers
    idle_s: tuple[float, ...] = ()  # per consumer: since it last read something


def _position(entry_id: str) -> tuple[int, int]:
    milliseconds, _, sequence = entry_id.partition("-")
    return int(milliseconds), int(sequence or 0)


def nobody_took(readers: Readers, entry_id: str, service: str = "coordinator", alive_s: float = ALIVE_S) -> str | None:
    """Why nobody is taking the entry `entry_id`; None when it was taken, or a consumer read recently (a live
    service working through what came before it)."""
    if not readers.exists:
        return f"no {service} has ever read the events stream here"
    if _position(readers.last_delivered) >= _position(entry_id):
        return None
    if any(idle < alive_s for idle in readers.idle_s):
        return None
    if not readers.idle_s:
        return f"no {service} is reading the events stream"
    return f"no {service} is reading the events stream (its consumers last read {min(readers.idle_s):.0f}s ago or more)"
