"""The dead letters over Redis, for the Redis transport: reading them for people, and replaying one (shared/reads
does both, for the dashboard's API too)."""

from redis.asyncio import Redis

from shared.reads import streams
from shared.streams import Keys

from . import kept
from .records import DeadLetter, Replayed


async def read(redis: Redis, keys: Keys, count: int) -> list[DeadLetter]:
    """The oldest `count` dead letters."""
    return kept.letters(await streams.dead_letters(redis, keys, count))


async def replay(redis: Redis, keys: Keys, entry_id: str) -> Replayed | None:
    """Puts the dead letter `entry_id` back on its source stream; None when there is no such dead letter."""
    return kept.replayed(await streams.replay(redis, keys, entry_id))
