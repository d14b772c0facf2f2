"""Redis going away, as a service tells it: one line when it goes, one when it is back, never a traceback a tick.

While Redis cannot be reached every part of a service that uses it fails the same way (consumers, background
loops, maintenance). `Outage` is the one place that knows: the runtime's watch pings Redis and reports changes,
and as a logging filter it turns the first connection failure any part logs into that one line and drops the
rest until Redis answers again. Other errors pass untouched.
"""

import logging
import time

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("flightdeck.runtime")
GRACE_S = 10.0  # after Redis is back, pooled connections it closed still fail once each: not a new outage
_CONNECTION_ERRORS = (RedisConnectionError, RedisTimeoutError)  # a webhook or probe refused is not Redis


def is_connection_error(exc: BaseException | None) -> bool:
    """True for redis-py failing to reach Redis, however deep in the chain (a library may wrap it)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, _CONNECTION_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}" if str(exc) else type(exc).__name__


class Outage(logging.Filter):
    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where  # the Redis URL, password masked
        self.since: float | None = None  # when Redis was found unreachable; None while it answers
        self.back_at = float("-inf")

    @property
    def down(self) -> bool:
        return self.since is not None

    def lost(self, exc: BaseException, *, certain: bool = False) -> None:
        """`certain`: Redis itself did not answer (a ping), rather than some part's command failing."""
        if self.since is None and (certain or time.monotonic() - self.back_at >= GRACE_S):
            self.since = time.monotonic()
            log.warning(
                "cannot reach Redis at %s (%s): not ready; consuming and background work resume when it answers",
                self.where,
                _reason(exc),
            )

    def back(self) -> None:
        if self.since is not None:
            self.back_at = time.monotonic()
            away, self.since = self.back_at - self.since, None
            log.warning("Redis at %s answers again after %.0fs: resuming", self.where, away)

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not is_connection_error(exc):
            return True
        if self.since is not None or time.monotonic() - self.back_at < GRACE_S:
            return False  # already said (the watch says when it is back), or a stale connection after it
        assert exc is not None
        self.since = time.monotonic()
        record.msg = (
            "cannot reach Redis at %s (%s, seen by %s): not ready; consuming and background work resume when it answers"
        )
        record.args = (self.where, _reason(exc), record.name)
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
