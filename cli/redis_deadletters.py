"""The dead letters over Redis, for the Redis transport: reading them for people, and replaying one in a
transaction (XADD to its source stream and XDEL from the dead letters, together or not at all)."""

from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.bus.deadletter import original_fields, read_dead_letters
from shared.streams import Keys
from shared.text import text

from .records import DeadLetter, Replayed


async def read(redis: Redis, keys: Keys, count: int) -> list[DeadLetter]:
    """The oldest `count` dead letters."""
    return [
        DeadLetter(
            id=row["id"],
            reason=row.get("reason", "?"),
            group=row.get("group", "?"),
            source_id=row.get("source_id", "?"),
            error=row.get("error", ""),
        )
        for row in await read_dead_letters(redis, keys, count)
    ]


async def replay(redis: Redis, keys: Keys, entry_id: str) -> Replayed | None:
    """Puts the dead letter `entry_id` back on its source stream; None when there is no such dead letter."""
    found = cast(
        list[tuple[bytes, dict[bytes, bytes]]],  # our clients do not decode responses
        await redis.xrange(keys.dead_letters, min=entry_id, max=entry_id),
    )
    if not found:
        return None
    record = found[0][1]
    source = text(record[b"source_stream"])
    async with redis.pipeline(transaction=True) as pipe:
        # as xadd types its fields (a dict is invariant: dict[bytes, bytes] is not one of these)
        fields: dict[FieldT, EncodableT] = {name: value for name, value in original_fields(record).items()}
        pipe.xadd(source, fields)
        pipe.xdel(keys.dead_letters, entry_id)
        new_id, _ = await pipe.execute()
    return Replayed(source, text(new_id))
