"""Browser sessions in Redis, so any dashboard replica serves any signed-in user and killing one loses none.

The cookie holds a random 256-bit id; Redis holds only its SHA-256, so a copy of Redis cannot be replayed as
cookies. A session ends after IDLE_S without a request, and after ABSOLUTE_S whatever happens; logging out
deletes it. Each session has its own CSRF token (the synchronizer-token pattern).

Each user's sessions are indexed (a set of their digests), so a password change, a demotion or a removal can end
every one of them. The set expires with the last session it could hold, and loses its dead members (sessions that
expired on their own) whenever it is read or grows."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from redis.asyncio import Redis

from shared.keys.auth import AuthKeys
from shared.text import text

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
        index = self.keys.sessions_of(user)
        await self._prune(user)
        async with self.redis.pipeline(transaction=True) as pipe:  # never a session its user's index misses
            pipe.set(self.keys.session(digest(session_id)), record.model_dump_json(), ex=self.idle_s)
            pipe.sadd(index, digest(session_id))
            pipe.expire(index, self.absolute_s)  # no session in it outlives this
            await pipe.execute()
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
            await self._end(record.user, [digest(session_id)])
            return None
        await self.redis.expire(key, min(self.idle_s, max(1, int(left.total_seconds()))))  # never past the end
        return record

    async def end(self, session_id: str) -> None:
        raw = await self.redis.get(self.keys.session(digest(session_id)))
        if raw:
            await self._end(SessionRecord.model_validate_json(raw).user, [digest(session_id)])

    async def end_all(self, user: str, keep: str | None = None) -> int:
        """Ends every session of `user` but `keep` (the session id that asked, for a change of one's own); how
        many were live."""
        kept = digest(keep) if keep else None
        return await self._end(user, [d for d in await self._digests(user) if d != kept])

    async def live(self, user: str) -> int:
        """How many sessions `user` has now."""
        await self._prune(user)
        return len(await self._digests(user))

    async def _digests(self, user: str) -> list[str]:
        return sorted(text(d) for d in cast(set[bytes], await self.redis.smembers(self.keys.sessions_of(user))))

    async def _end(self, user: str, digests: list[str]) -> int:
        if not digests:
            return 0
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.delete(*(self.keys.session(d) for d in digests))
            pipe.srem(self.keys.sessions_of(user), *digests)
            ended, _ = await pipe.execute()
        return int(ended)

    async def _prune(self, user: str) -> None:
        """Forgets the sessions that expired on their own: Redis drops their keys, not their place in the index."""
        digests = await self._digests(user)
        if not digests:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for d in digests:
                pipe.exists(self.keys.session(d))
            alive = await pipe.execute()
        dead = [d for d, there in zip(digests, alive, strict=True) if not there]
        if dead:
            await self.redis.srem(self.keys.sessions_of(user), *dead)
