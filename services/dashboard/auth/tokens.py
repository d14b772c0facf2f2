"""API tokens for CI and scripts: `fd_<id>_<secret>`, shown once when made, stored as the SHA-256 of the secret.

A plain SHA-256 is right for these, where argon2 is right for passwords: the secret is 256 random bits, so there is
no dictionary to try and nothing a slow hash would protect; a fast hash keeps every API request cheap. The id is
public (it names the token in lists and revocations); the comparison of digests is constant-time."""

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.roles import Role
from shared.keys.auth import AuthKeys
from shared.text import text

from .records import TokenRecord
from .sessions import digest

PREFIX = "fd_"
TOKEN = re.compile(r"^fd_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$")
LAST_USED_EVERY = timedelta(minutes=1)  # a busy CI token writes its last use at most this often


@dataclass(frozen=True)
class NewToken:
    secret: str  # the whole token, shown once
    record: TokenRecord


class TokenStore:
    def __init__(self, redis: Redis, keys: AuthKeys) -> None:
        self.redis, self.keys = redis, keys

    async def create(
        self,
        name: str,
        owner: str,
        role: Role,
        environments: tuple[str, ...],
        now: datetime,
        expires_at: datetime | None,
    ) -> NewToken:
        token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        record = TokenRecord(
            id=token_id,
            name=name,
            owner=owner,
            role=role,
            environments=environments,
            secret_sha256=digest(secret),
            created_at=now,
            expires_at=expires_at,
        )
        await self.redis.set(self.keys.token(token_id), record.model_dump_json())
        await self.redis.sadd(self.keys.tokens, token_id)
        return NewToken(f"{PREFIX}{token_id}_{secret}", record)

    async def get(self, token_id: str) -> TokenRecord | None:
        raw, used = await self.redis.mget(self.keys.token(token_id), self.keys.token_used(token_id))
        if not raw:
            return None
        record = TokenRecord.model_validate_json(raw)
        return record.model_copy(update={"last_used_at": datetime.fromisoformat(text(used))}) if used else record

    async def verify(self, token: str, now: datetime) -> TokenRecord | None:
        """The token's record when it is one of ours, unrevoked and unexpired; its last use noted."""
        match = TOKEN.match(token)
        record = await self.get(match.group(1)) if match else None
        if match is None or record is None:
            return None
        if not hmac.compare_digest(record.secret_sha256, digest(match.group(2))) or not record.usable(now):
            return None
        if record.last_used_at is None or now - record.last_used_at >= LAST_USED_EVERY:
            record = record.model_copy(update={"last_used_at": now})
            await self.redis.set(self.keys.token_used(record.id), now.isoformat())
        return record

    async def all(self, owner: str | None = None) -> list[TokenRecord]:
        ids = sorted(text(i) for i in cast(set[bytes], await self.redis.smembers(self.keys.tokens)))
        found = [await self.get(token_id) for token_id in ids]
        return [t for t in found if t is not None and (owner is None or t.owner == owner)]

    async def revoke(self, token_id: str, now: datetime) -> TokenRecord | None:
        record = await self.get(token_id)
        if record is None or record.revoked_at is not None:
            return record
        revoked = record.model_copy(update={"revoked_at": now, "last_used_at": None})  # that lives in its own key
        await self.redis.set(self.keys.token(token_id), revoked.model_dump_json())
        return revoked.model_copy(update={"last_used_at": record.last_used_at})
