"""Per-deployment command output in a Redis Stream, for the dashboard and the CLI to show live.

Lines are buffered and written in one pipeline at most every `flush_interval_s` or `batch` lines: a chatty
command costs one round trip per batch, not one per line. The log is best-effort: a write that fails is
logged and its lines are dropped; it never holds up a deployment.
"""

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.streams import Keys
from shared.text import text, texts

DAY_S = 86_400
StreamRows = list[tuple[bytes | str, dict[bytes | str, bytes | str]]]
log = logging.getLogger("flightdeck.coordinator.execution")


@dataclass(frozen=True)
class LogLine:
    id: str
    service: str
    stream: str  # "stdout", "stderr", or "coordinator" for lines the coordinator adds (attempt started, outcome)
    line: str
    ts: str  # ISO 8601, UTC, when the coordinator read the line


class DeploymentLog:
    def __init__(
        self,
        redis: "Redis",
        keys: Keys,
        maxlen: int = 10_000,
        ttl_s: float = 7 * DAY_S,
        flush_interval_s: float = 0.05,
        batch: int = 100,
    ) -> None:
        self._redis, self._keys = redis, keys
        self._maxlen, self._ttl = maxlen, max(1, int(ttl_s))
        self._interval, self._batch = flush_interval_s, batch
        self._buffer: list[tuple[str, dict[FieldT, EncodableT]]] = []  # (stream, fields) as xadd takes them
        self._lock = asyncio.Lock()  # one flush at a time, so lines reach the stream in the order they came
        self._timer: asyncio.Task[None] | None = None

    async def line(self, deployment_id: str, service: str, stream: str, text: str) -> None:
        fields: dict[FieldT, EncodableT] = {
            "service": service,
            "stream": stream,
            "line": text,
            "ts": datetime.now(UTC).isoformat(),
        }
        self._buffer.append((self._keys.deployment_log(deployment_id), fields))
        if len(self._buffer) >= self._batch:
            await self.flush()
        elif self._timer is None or self._timer.done():
            self._timer = asyncio.create_task(self._flush_later())

    async def flush(self) -> int:
        """Writes what is buffered now; returns how many lines were written (0 when the write failed)."""
        async with self._lock:
            taken, self._buffer = self._buffer, []
            if not taken:
                return 0
            pipe = self._redis.pipeline(transaction=False)
            for key, fields in taken:
                pipe.xadd(key, fields, maxlen=self._maxlen, approximate=True)
            for key in dict.fromkeys(key for key, _ in taken):
                pipe.expire(key, self._ttl)
            try:
                await pipe.execute()
            except Exception:
                log.exception("dropped %d command output lines: the deployment log could not be written", len(taken))
                return 0
            return len(taken)

    async def close(self) -> None:
        """Flushes and stops the timer; call it when the runner stops."""
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
        await self.flush()

    async def _flush_later(self) -> None:
        await asyncio.sleep(self._interval)
        await asyncio.shield(self.flush())  # close() cancelling the timer must not drop a write under way


async def read_log(
    redis: "Redis", keys: Keys, deployment_id: str, after: str = "-", count: int = 1000
) -> list[LogLine]:
    """Up to `count` lines after entry id `after` (exclusive; "-" for the start), oldest first.

    To follow a log, pass the last line's id as `after` on the next call.
    """
    start = "-" if after == "-" else f"({after}"
    # redis-py types a stream reply as optional parts; XRANGE answers a list of (id, fields), never None
    rows = cast(StreamRows, await redis.xrange(keys.deployment_log(deployment_id), min=start, count=count))
    lines = []
    for entry_id, raw in rows:
        fields = texts(raw, errors="replace")  # lines of a command, as it printed them
        lines.append(
            LogLine(
                id=text(entry_id),
                service=fields.get("service", ""),
                stream=fields.get("stream", ""),
                line=fields.get("line", ""),
                ts=fields.get("ts", ""),
            )
        )
    return lines
