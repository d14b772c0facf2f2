"""Browser sessions in Redis, so any dashboard replica serves any signed-in user and killing one loses none.

The cookie holds a random 256-bit id; Redis holds only its SHA-256, so a copy of Redis cannot be replayed as
cookies. A session ends after IDLE_S without a request, and after ABSOLUTE_S whatever happens; logging out
deletes it. Each session has its own CSRF token (the synchronizer-token pattern)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis

from shared.keys.auth import AuthKeys

from .records import SessionRecord

IDLE_S = 8 * 3600
ABSOLUTE_S = 7 * 86400


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewSession:
    id: str  # for the cookie; never stored
    record: SessionRecord


class SessionStore:
    def __init__(self, redis: Redis, keys: AuthKeys, idle_s: int = IDLE_S, absolute_s: int = ABSOLUTE_S) -> None:
        self.redis, self.keys, self.idle_s, self.absolute_s = redis, keys, idle_s, absolute_s

    async def create(self, user: str, now: datetime) -> NewSession:
        session_id = secrets.token_urlsafe(32)
        record = SessionRecord(user=user, csrf=secrets.token_urlsafe(32), created_at=now)
        await self.redis.set(self.keys.session(digest(session_id)), record.model_dump_json(), ex=self.idle_s)
        return NewSession(session_id, record)

    async def get(self, session_id: str, now: datetime) -> SessionRecord | None:
        """The live session (its idle time starts again), or None: unknown, idle too long, or too old."""
        key = self.keys.session(digest(session_id))
        raw = await self.redis.get(key)
        if not raw:
            return None
        record = SessionRecord.model_validate_json(raw)
        left = timedelta(seconds=self.absolute_s) - (now - record.created_at)
        if left <= timedelta(0):
            await self.redis.delete(key)
            return None
        await self.redis.expire(key, min(self.idle_s, max(1, int(left.total_seconds()))))  # never past the end
        return record

    async def end(self, session_id: str) -> None:
        await self.redis.delete(self.keys.session(digest(session_id)))
