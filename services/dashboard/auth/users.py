"""The dashboard's users in Redis. There is no default user and no default password: the first admin is made on
the command line (`flightdeck users add NAME --role admin`), by whoever can reach Redis.

A new password or a demotion ends the user's sessions (but the one that made a change of one's own), and so does
removing them: a user added again under the same name gets none of the old sessions. The API and the command line
both change users here, so both end them alike."""

import asyncio
import re
from datetime import datetime
from typing import cast

from redis.asyncio import Redis

from services.dashboard.domain.demotion import ends_sessions
from services.dashboard.domain.roles import EVERY_ENVIRONMENT, ROLES, Role
from shared.keys.auth import AuthKeys
from shared.text import text

from .passwords import hash_password, verify_password
from .records import UserRecord
from .sessions import SessionStore

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$")


class UserError(ValueError):
    """A user that cannot be added or changed; the message says why."""


def checked(name: str, role: str, environments: tuple[str, ...]) -> Role:
    if not USER_NAME.match(name):
        raise UserError(f"user name {name!r}: use letters, digits and _ . @ + - (at most 64), starting with one")
    if role not in ROLES:
        raise UserError(f"role {role!r}: one of {', '.join(ROLES)}")
    if not environments:
        raise UserError(f"name the environments {name} may act in (or {EVERY_ENVIRONMENT} for all)")
    return role


class UserStore:
    def __init__(self, redis: Redis, keys: AuthKeys) -> None:
        self.redis, self.keys = redis, keys
        self.sessions = SessionStore(redis, keys)  # only to end them: their lifetimes are the guard's

    async def add(
        self, name: str, role: str, password: str, now: datetime, environments: tuple[str, ...] = (EVERY_ENVIRONMENT,)
    ) -> UserRecord:
        user = UserRecord(
            name=name,
            role=checked(name, role, environments),
            environments=environments,
            password_hash=await asyncio.to_thread(hash_password, password),
            created_at=now,
        )
        if not await self.redis.set(self.keys.user(name), user.model_dump_json(), nx=True):
            raise UserError(f"user {name} exists already: change it with `flightdeck users set`")
        await self.redis.sadd(self.keys.users, name)
        return user

    async def get(self, name: str) -> UserRecord | None:
        raw = await self.redis.get(self.keys.user(name))
        return UserRecord.model_validate_json(raw) if raw else None

    async def check(self, name: str, password: str) -> UserRecord | None:
        """The user when the password is theirs; None for a wrong password and for no such user alike."""
        user = await self.get(name) if USER_NAME.match(name) else None
        # argon2 takes tens of ms of CPU on purpose: in a thread, so live clients are not held up meanwhile
        ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
        return user if ok else None

    async def names(self) -> list[str]:
        return sorted(text(n) for n in cast(set[bytes], await self.redis.smembers(self.keys.users)))

    async def all(self) -> list[UserRecord]:
        found = [await self.get(name) for name in await self.names()]
        return [user for user in found if user is not None]

    async def change(
        self,
        name: str,
        role: str | None = None,
        environments: tuple[str, ...] | None = None,
        password: str | None = None,
        keep_session: str | None = None,
    ) -> UserRecord:
        """`keep_session`: the session id that asked, when the user changes themselves; it stays signed in."""
        user = await self.get(name)
        if user is None:
            raise UserError(f"no user {name}: add one with `flightdeck users add {name} --role viewer`")
        updates: dict[str, object] = {}
        if role is not None or environments is not None:
            updates["role"] = checked(name, role or user.role, environments or user.environments)
            updates["environments"] = environments or user.environments
        if password is not None:
            updates["password_hash"] = await asyncio.to_thread(hash_password, password)
        changed = user.model_copy(update=updates)
        await self.redis.set(self.keys.user(name), changed.model_dump_json())
        if ends_sessions(user.principal(), changed.principal(), password_changed=password is not None):
            await self.sessions.end_all(name, keep=keep_session)
        return changed

    async def remove(self, name: str) -> bool:
        removed = bool(await self.redis.delete(self.keys.user(name)))
        await self.redis.srem(self.keys.users, name)
        await self.sessions.end_all(name)
        return removed
