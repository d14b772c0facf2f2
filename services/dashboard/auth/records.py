"""What the auth stores keep, as models: users, sessions and tokens (secrets only as hashes)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.dashboard.domain.roles import EVERY_ENVIRONMENT, Principal, Role


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UserRecord(Record):
    name: str
    role: Role
    environments: tuple[str, ...] = (EVERY_ENVIRONMENT,)
    password_hash: str = Field(repr=False)
    created_at: datetime

    def principal(self) -> Principal:
        return Principal(name=self.name, role=self.role, environments=self.environments)


class UserOut(Record):
    """A user as the API shows it: never its password hash."""

    name: str
    role: Role
    environments: tuple[str, ...]
    created_at: datetime


class SessionRecord(Record):
    user: str
    csrf: str = Field(repr=False)
    created_at: datetime


class TokenRecord(Record):
    id: str
    name: str
    owner: str
    role: Role
    environments: tuple[str, ...]
    secret_sha256: str = Field(repr=False)
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def principal(self) -> Principal:
        return Principal(name=self.owner, role=self.role, environments=self.environments, via="token", token_id=self.id)


class TokenOut(Record):
    """A token as the API lists it: everything but its secret."""

    id: str
    name: str
    owner: str
    role: Role
    environments: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
