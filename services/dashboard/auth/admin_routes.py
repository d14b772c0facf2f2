"""API tokens (everyone their own; admins anyone's) and users (admins only).

A token is shown once, in the answer that made it; afterwards only its id, scope and times are listed. A token can
do no more than the user who made it."""

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from services.dashboard.domain.roles import Principal, Role, narrowed

from .guard import Auth
from .passwords import PasswordError
from .records import TokenOut, TokenRecord, UserOut, UserRecord
from .users import UserError


class NewTokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="what it is for, e.g. github-actions")
    role: Role | None = Field(None, description="at most your own; default: your own")
    environments: tuple[str, ...] | None = Field(None, description="default: your own")
    expires_in_days: int | None = Field(90, ge=1, le=3650, description="null: never (not advised)")
    expires_in_seconds: int | None = Field(None, ge=1, le=3650 * 86400, description="finer; wins over the days")
    owner: str | None = Field(None, description="whose token it is: admins may name another user; default: you")


class NewTokenOut(BaseModel):
    token: str = Field(description="shown this once: store it as a secret (FLIGHTDECK_TOKEN)")
    record: TokenOut


class UserIn(BaseModel):
    name: str
    role: Role
    environments: tuple[str, ...] = ("*",)
    password: str = Field(repr=False)


class UserChange(BaseModel):
    role: Role | None = None
    environments: tuple[str, ...] | None = None
    password: str | None = Field(None, repr=False)


def shown(token: TokenRecord) -> TokenOut:
    return TokenOut.model_validate(token.model_dump(exclude={"secret_sha256"}))


def shown_user(user: UserRecord) -> UserOut:
    return UserOut.model_validate(user.model_dump(exclude={"password_hash"}))


async def _owner(auth: Auth, who: Principal, named: str | None) -> Principal:
    """Whose the new token is: the caller's own; another user's only for an admin."""
    if named is None or named == who.name:
        return who
    if who.role != "admin":
        why = f"a token for {named} needs the admin role; {who.name} has {who.role} (make one for {who.name})"
        raise HTTPException(403, detail={"error": why, "needed_role": "admin"})
    user = await auth.users.get(named)
    if user is None:
        raise HTTPException(404, detail={"error": f"no user {named}: add one with `flightdeck users add`"})
    return user.principal()


def _expires(asked: NewTokenIn, now: datetime) -> datetime | None:
    if asked.expires_in_seconds is not None:
        return now + timedelta(seconds=asked.expires_in_seconds)
    return now + timedelta(days=asked.expires_in_days) if asked.expires_in_days else None


def admin_router(auth: Auth) -> APIRouter:
    api = APIRouter(tags=["tokens and users"])

    @api.get("/tokens")
    async def tokens(request: Request) -> list[TokenOut]:
        who = (await auth.require(request, "read")).principal
        everyone = who.role == "admin" and request.query_params.get("all") == "true"
        return [shown(t) for t in await auth.tokens.all(None if everyone else who.name)]

    @api.post("/tokens", status_code=201, dependencies=[auth.needs("read")])
    async def create_token(request: Request, asked: NewTokenIn) -> NewTokenOut:
        who = (await auth.require(request, "read")).principal
        owner = await _owner(auth, who, asked.owner)
        role, environments = asked.role or owner.role, asked.environments or owner.environments
        refused = narrowed(owner, role, environments) or narrowed(who, role, environments)
        if refused is not None:
            raise HTTPException(403, detail={"error": refused.why, "needed_role": refused.needed})
        now = datetime.now(UTC)
        made = await auth.tokens.create(asked.name, owner.name, role, environments, now, _expires(asked, now))
        return NewTokenOut(token=made.secret, record=shown(made.record))

    @api.delete("/tokens/{token_id}", dependencies=[auth.needs("read")])
    async def revoke(request: Request, token_id: str) -> TokenOut:
        who = (await auth.require(request, "read")).principal
        token = await auth.tokens.get(token_id)
        if token is None or (token.owner != who.name and who.role != "admin"):
            raise HTTPException(404, detail={"error": f"no token {token_id} of yours"})
        revoked = await auth.tokens.revoke(token_id, datetime.now(UTC))
        assert revoked is not None  # it was there a moment ago; revocation never deletes
        return shown(revoked)

    @api.get("/users")
    async def users(request: Request) -> list[UserOut]:
        await auth.require(request, "admin")
        return [shown_user(u) for u in await auth.users.all()]

    @api.post("/users", status_code=201, dependencies=[auth.needs("admin")])
    async def add_user(request: Request, asked: UserIn) -> UserOut:
        await auth.require(request, "admin")
        try:
            user = await auth.users.add(asked.name, asked.role, asked.password, datetime.now(UTC), asked.environments)
        except (UserError, PasswordError) as error:
            raise HTTPException(422, detail={"error": str(error)}) from None
        return shown_user(user)

    @api.patch("/users/{name}", dependencies=[auth.needs("admin")])
    async def change_user(request: Request, name: str, asked: UserChange) -> UserOut:
        """A new password or a demotion ends the user's sessions (but this one, when it is their own)."""
        identity = await auth.require(request, "admin")
        own = identity.session_id if identity.principal.name == name else None  # stays signed in
        try:
            user = await auth.users.change(name, asked.role, asked.environments, asked.password, own)
        except (UserError, PasswordError) as error:
            raise HTTPException(404 if "no user" in str(error) else 422, detail={"error": str(error)}) from None
        return shown_user(user)

    @api.delete("/users/{name}", status_code=204, dependencies=[auth.needs("admin")])
    async def remove_user(request: Request, name: str) -> None:
        """Their sessions end and their tokens stop working."""
        await auth.require(request, "admin")
        if not await auth.users.remove(name):
            raise HTTPException(404, detail={"error": f"no user {name}"})

    return api
