"""The dead-letter stream: what could not be handled, why, and the original entry, ready to inspect or replay."""

from datetime import UTC, datetime
from typing import Any, cast

from redis.asyncio import Redis

from shared.streams import Keys

from .delivery import EntryFate

ORIGINAL = "original."


def dead_letter_fields(
    *,
    entry_id: str,
    fields: dict[bytes, bytes],
    source: str,
    group: str,
    consumer: str,
    attempt: int,
    fate: EntryFate,
    now: datetime,
) -> dict[str, str | bytes]:
    record: dict[str, str | bytes] = {
        "reason": fate.reason,
        "error": fate.error[:4000],
        "source_stream": source,
        "source_id": entry_id,
        "group": group,
        "consumer": consumer,
        "attempts": str(attempt),
        "dead_at": now.astimezone(UTC).isoformat(),
    }
    for name, value in fields.items():
        record[ORIGINAL + name.decode(errors="replace")] = value
    return record


def original_fields(record: dict[bytes, bytes]) -> dict[bytes, bytes]:
    """The entry as it was on its source stream, for a replay."""
    prefix = ORIGINAL.encode()
    return {k[len(prefix) :]: v for k, v in record.items() if k.startswith(prefix)}


async def read_dead_letters(redis: "Redis", keys: Keys, count: int = 100) -> list[dict[str, Any]]:
    """Newest last, decoded for people; original fields stay bytes."""
    # Our clients do not decode responses: ids, names and values are bytes (redis-py types them loosely).
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(keys.dead_letters, count=count))
    decoded = []
    for entry_id, record in rows:
        row: dict[str, Any] = {"id": entry_id.decode()}
        for k, v in record.items():
            key = k.decode()
            row[key] = v if key.startswith(ORIGINAL) else v.decode(errors="replace")
        decoded.append(row)
    return decoded
