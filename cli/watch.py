"""Following one deployment through a Transport until its ending, the deadline, or the news that no coordinator
takes its request (asked of the consumer group only while nothing of the deployment has come)."""

import time
from collections.abc import Awaitable, Callable

from shared.durations import format_duration
from shared.events import Event

from .follow import GRACE_S, UNFINISHED, Ending, Tracker
from .lines import reason_of
from .listening import NOTICE_S
from .transport import Transport

Unheard = Callable[[], Awaitable[str | None]]  # why nobody takes the request, or None
CHECK_EVERY_S = 1.0


async def watch(transport: Transport, deployment_id: str, since: str, timeout_s: float, show: Callable[[Event], None],
                unheard: Unheard | None = None, grace_s: float = GRACE_S,
                clock: Callable[[], float] = time.monotonic) -> Ending:
    """Shows each of the deployment's events after `since` until its ending, or "timed out" past `timeout_s`.
    TransportError passes through (the caller reports it as unreachable)."""
    tracker, started, pending_since = Tracker(), clock(), None
    deadline, next_check, heard = started + timeout_s, started + NOTICE_S, False
    stream = transport.follow(deployment_id, since=since, block_ms=max(50, min(500, int(timeout_s * 1000))))
    try:
        async for event in stream:
            if event is not None:
                heard = True
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
            if unheard and not heard and now >= next_check:
                next_check = now + CHECK_EVERY_S
                if why := await unheard():
                    return Ending("not taken", UNFINISHED, why)
            if now >= deadline:
                waiting = " (paused: a person must resume it)" if tracker.paused else ""
                return Ending("timed out", UNFINISHED, f"no ending after {format_duration(timeout_s)}{waiting}; "
                              f"the deployment goes on: raise --timeout to wait longer")
    finally:
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()
    return Ending("unreachable", UNFINISHED, "the event stream ended")
