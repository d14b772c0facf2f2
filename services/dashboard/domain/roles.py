"""Who may do what: three roles, ranked, and deployers limited to the environments they were given.

viewer reads; deployer also deploys, approves, cancels, rolls back, resumes, acknowledges and silences, in its
environments ("*" for all); admin does everything, users and tokens included. A refusal says which role it needs
and why, and tells "who are you?" (401) from "not you" (403)."""

from dataclasses import dataclass
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

Role = Literal["viewer", "deployer", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
Action = Literal["read", "deploy", "approve", "cancel", "rollback", "resume", "acknowledge", "silence", "admin"]
EVERY_ENVIRONMENT = "*"

NEEDS: dict[Action, Role] = {
    "read": "viewer",
    "deploy": "deployer",
    "approve": "deployer",
    "cancel": "deployer",
    "rollback": "deployer",
    "resume": "deployer",
    "acknowledge": "deployer",
    "silence": "deployer",
    "admin": "admin",
}


class Principal(BaseModel):
    """Who a request is: a user signed in (session) or an API token acting with its own role and scope."""

    model_config = ConfigDict(frozen=True)

    name: str  # the user; for a token, the user who owns it
    role: Role
    environments: tuple[str, ...] = (EVERY_ENVIRONMENT,)
    via: Literal["session", "token"] = "session"
    token_id: str | None = None

    def reaches(self, environment: str) -> bool:
        """Admins too are held to their environments: an admin token made for staging acts in staging only."""
        return EVERY_ENVIRONMENT in self.environments or environment in self.environments


@dataclass(frozen=True)
class Allowed:
    principal: Principal


@dataclass(frozen=True)
class Denied:
    status: Literal[401, 403]
    needed: Role
    why: str


def rank(role: Role) -> int:
    return ROLES.index(role)


def authorize(principal: Principal | None, action: Action, environment: str | None = None) -> Allowed | Denied:
    needed = NEEDS[action]
    if principal is None:
        return Denied(401, needed, f"sign in (or send an API token) with the {needed} role or higher to {action}")
    if rank(principal.role) < rank(needed):
        return Denied(403, needed, f"{action} needs the {needed} role; {principal.name} has {principal.role}")
    if environment is not None and needed != "viewer" and not principal.reaches(environment):
        where = ", ".join(principal.environments) or "none"
        return Denied(403, needed, f"{principal.name} may {action} only in {where}, not in {environment}")
    return Allowed(principal)


def narrowed(owner: Principal, role: Role, environments: tuple[str, ...]) -> Denied | None:
    """A token may do no more than its owner: not a higher role, not other environments."""
    if rank(role) > rank(owner.role):
        return Denied(403, role, f"{owner.name} has the {owner.role} role and cannot make a token with the {role} role")
    if EVERY_ENVIRONMENT not in owner.environments:
        beyond = sorted(set(environments) - set(owner.environments))
        if beyond:
            return Denied(403, role, f"{owner.name} cannot make a token for {', '.join(beyond)}")
    return None
