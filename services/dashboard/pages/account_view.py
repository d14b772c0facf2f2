"""What the account pages show, decided from plain values: a token's line (its scope, when it was made, expires,
was last used, or was revoked: only those that can still be used may be revoked), the roles a new token may have
(no wider than its maker's), and the users as an admin manages them. static/js/account.js words a token the same."""

from dataclasses import dataclass
from datetime import UTC, datetime

from services.dashboard.auth.records import TokenOut, UserOut
from services.dashboard.domain.roles import ROLES, Principal, Role, rank

from .views import when


def scope(environments: tuple[str, ...]) -> str:
    return "every environment" if "*" in environments else ", ".join(environments) or "no environment"


def token_state(token: TokenOut, now: datetime) -> str:
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if token.expires_at is not None and token.expires_at <= now else "active"


@dataclass(frozen=True)
class TokenRow:
    id: str
    state: str  # active, expired, revoked
    name: str
    owner: str
    scope: str
    created: str
    expires: str
    last_used: str
    revoked: str


def token_row(token: TokenOut, now: datetime) -> TokenRow:
    return TokenRow(
        id=token.id,
        state=token_state(token, now),
        name=token.name,
        owner=token.owner,
        scope=f"{token.role} in {scope(token.environments)}",
        created=f"made {when(token.created_at)}",
        expires=f"expires {when(token.expires_at)}" if token.expires_at else "never expires",
        last_used=f"last used {when(token.last_used_at)}" if token.last_used_at else "never used",
        revoked=f"revoked {when(token.revoked_at)}" if token.revoked_at else "",
    )


BLANK_TOKEN = TokenRow("", "active", "", "", "", "", "", "", "")


def token_rows(tokens: list[TokenOut], now: datetime | None = None) -> list[TokenRow]:
    """Newest first."""
    at = now or datetime.now(UTC)
    return [token_row(t, at) for t in sorted(tokens, key=lambda t: (t.created_at, t.id), reverse=True)]


def roles_for(principal: Principal) -> list[Role]:
    """The roles a token made by this person may have: theirs and below."""
    return [role for role in ROLES if rank(role) <= rank(principal.role)]


@dataclass(frozen=True)
class UserRow:
    name: str
    role: Role
    environments: str  # as typed in the form: space-separated
    created: str
    own: bool


def user_rows(users: list[UserOut], me: str) -> list[UserRow]:
    return [
        UserRow(u.name, u.role, " ".join(u.environments), f"added {when(u.created_at)}", u.name == me)
        for u in sorted(users, key=lambda u: u.name)
    ]
