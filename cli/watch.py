"""Following one deployment through a Transport until its ending, the deadline, or the news that no coordinator
takes its request (asked of the consumer group only while nothing of the deployment has come). The coordinator's
answer to a request whose id is taken ends it (refused) or starts it again from the deployment's first event (the
same request again), so the ending reported is that deployment's."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from shared.durations import format_duration
from shared.events import Event

from .follow import GRACE_S, STOPPED, UNFINISHED, Ending, Tracker
from .lines import reason_of
from .listening import NOTICE_S
from .transport import Transport

Unheard = Callable[[], Awaitable[str | None]]  # why nobody takes the request, or None
Show = Callable[[Event], None]
CHECK_EVERY_S = 1.0
ANSWERS = ("deploy-request-refused", "deploy-request-repeated")
FROM_THE_START = "0-0"


async def watch(
    transport: Transport,
    deployment_id: str,
    since: str,
    timeout_s: float,
    show: Show,
    unheard: Unheard | None = None,
    request_id: str | None = None,
    grace_s: float = GRACE_S,
    clock: Callable[[], float] = time.monotonic,
) -> Ending:
    """Shows each of the deployment's events after `since` until its ending, or "timed out" past `timeout_s`;
    `request_id` is the event id of the request published, whose answer (one of ANSWERS) may come instead.
    TransportError passes through (the caller reports it as unreachable)."""
    watching = _Watch(transport, deployment_id, timeout_s, clock() + timeout_s, show, grace_s, clock)
    while True:
        ending = await watching.once(since, unheard, request_id)
        if ending is not None:
            return ending
        since = FROM_THE_START  # answered: no other answer is ours
        unheard = None
        request_id = None


@dataclass
class _Watch:
    transport: Transport
    deployment_id: str
    timeout_s: float
    deadline: float
    show: Show
    grace_s: float
    clock: Callable[[], float]

    async def once(self, since: str, unheard: Unheard | None, request_id: str | None) -> Ending | None:
        """The ending; None when the coordinator answered that the request is the deployment's own: start over."""
        tracker = Tracker()
        pending_since = None
        next_check = self.clock() + NOTICE_S
        heard = False
        block_ms = max(50, min(500, int(self.timeout_s * 1000)))
        stream = self.transport.follow(self.deployment_id, since=since, block_ms=block_ms)
        try:
            async for event in stream:
                heard = heard or event is not None
                if event is not None and event.type in ANSWERS:
                    if getattr(event.payload, "request_event_id", None) != request_id:
                        continue  # another request's answer, or ours seen again from the start
                    self.show(event)
                    return Ending("refused", STOPPED, reason_of(event)) if event.type == ANSWERS[0] else None
                if event is not None:
                    self.show(event)
                    if ending := tracker.see(event.type, reason_of(event)):
                        return ending
                now = self.clock()
                if tracker.pending:
                    pending_since = pending_since if pending_since is not None else now
                    if now - pending_since >= self.grace_s and (ending := tracker.settle()):
                        return ending
                else:
                    pending_since = None
                if unheard and not heard and now >= next_check:
                    next_check = now + CHECK_EVERY_S
                    if why := await unheard():
                        return Ending("not taken", UNFINISHED, why)
                if now >= self.deadline:
                    waiting = " (paused: a person must resume it)" if tracker.paused else ""
                    return Ending(
                        "timed out",
                        UNFINISHED,
                        f"no ending after {format_duration(self.timeout_s)}"
                        f"{waiting}; the deployment goes on: raise --timeout to wait longer",
                    )
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()
        return Ending("unreachable", UNFINISHED, "the event stream ended")
