"""The dashboard's users and tokens over its API (/api/v1/users, /api/v1/tokens), as `flightdeck users` and
`flightdeck tokens` use them with FLIGHTDECK_URL and FLIGHTDECK_TOKEN: who acts is the token's user. Everyone
manages their own tokens; an admin anyone's, and the users. What the API refuses about a user (a name taken, a
weak password, no such user) is a UserError, as over Redis; a role missing is said with the role needed and what
to do instead, and exits as cli/http_errors.py says (4, as for a token refused)."""

from datetime import timedelta
from typing import Any

from services.dashboard.auth.records import TokenOut
from services.dashboard.auth.users import UserError
from services.dashboard.domain.roles import Principal, Role

from .auth_access import Made
from .http_api import Answer, Api, segment
from .transport import UNREACHABLE, TransportError

AN_ADMINS_TOKEN = "set FLIGHTDECK_TOKEN to a token of an admin"
FIRST_ADMIN = (
    "(the first admin is made over Redis: `flightdeck users add NAME --role admin` with REDIS_URL set and "
    "FLIGHTDECK_URL unset)"
)


def _principal(found: dict[str, Any]) -> Principal:
    return Principal(name=str(found["name"]), role=found["role"], environments=tuple(found["environments"]))


def _said(answer: Answer) -> str | None:
    error = answer.body.get("error") if isinstance(answer.body, dict) else None
    return error if isinstance(error, str) and error else None


class HttpUsers:
    def __init__(self, api: Api) -> None:
        self.api = api
        self._me: Principal | None = None

    async def me(self) -> Principal:
        """Who the token is, with the token's own role and environments: what a token it makes may do at most."""
        if self._me is None:
            self._me = _principal(await self.api.call("GET", "/me"))
        return self._me

    async def needs_admin(self, what: str, instead: str) -> None:
        """Refused before asking when the token's role is too small for `what` (the API would refuse it too)."""
        me = await self.me()
        if me.role != "admin":
            raise TransportError(
                f"{what} needs the admin role, and the token in FLIGHTDECK_TOKEN is {me.name}'s with the {me.role} "
                f"role: {instead}, or {AN_ADMINS_TOKEN}",
                UNREACHABLE,
            )

    async def _asked(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """The answer's JSON; UserError for what the API refuses about the user, as the store raises it."""
        answer = await self.api.ask(method, path, body=body)
        said = _said(answer)
        if answer.status in (200, 201, 204):
            return answer.body
        if answer.status in (404, 422) and said is not None:
            raise UserError(said)
        refused = self.api.refusal(answer)
        if answer.status == 403:
            raise TransportError(
                f"{refused}: users are an admin's to manage; {AN_ADMINS_TOKEN} {FIRST_ADMIN}", UNREACHABLE
            )
        raise refused

    async def get(self, name: str) -> Principal | None:
        me = await self.me()
        if name == me.name:
            return me
        await self.needs_admin(f"making a token for {name}", f"make one for yourself (--user {me.name})")
        return next((user for user in await self.all() if user.name == name), None)

    async def all(self) -> list[Principal]:
        return [_principal(user) for user in await self._asked("GET", "/users")]

    async def add(self, name: str, role: str, password: str, environments: tuple[str, ...]) -> Principal:
        asked = {"name": name, "role": role, "environments": list(environments), "password": password}
        return _principal(await self._asked("POST", "/users", asked))

    async def change(
        self, name: str, role: str | None, environments: tuple[str, ...] | None, password: str | None
    ) -> Principal:
        asked = {"role": role, "environments": list(environments) if environments else None, "password": password}
        return _principal(await self._asked("PATCH", f"/users/{segment(name)}", asked))

    async def remove(self, name: str) -> bool:
        try:
            await self._asked("DELETE", f"/users/{segment(name)}")
        except UserError:  # the API's 404: no such user
            return False
        return True


class HttpTokens:
    def __init__(self, api: Api, users: HttpUsers) -> None:
        self.api, self.users = api, users

    async def create(
        self, name: str, owner: str, role: Role, environments: tuple[str, ...], lasts: timedelta | None
    ) -> Made:
        seconds = max(1, round(lasts.total_seconds())) if lasts is not None else None
        asked = {
            "name": name,
            "owner": owner,
            "role": role,
            "environments": list(environments),
            "expires_in_days": None,  # never, unless the seconds say otherwise
            "expires_in_seconds": seconds,
        }
        made = await self.api.call("POST", "/tokens", body=asked)
        return Made(str(made["token"]), TokenOut.model_validate(made["record"]))

    async def all(self, owner: str | None) -> list[TokenOut]:
        if owner is not None and owner != (await self.users.me()).name:
            await self.users.needs_admin(f"listing the tokens of {owner}", "list your own (no --user)")
        found = [
            TokenOut.model_validate(token) for token in await self.api.call("GET", "/tokens", params={"all": "true"})
        ]
        return [token for token in found if owner is None or token.owner == owner]

    async def revoke(self, token_id: str) -> TokenOut | None:
        answer = await self.api.ask("DELETE", f"/tokens/{segment(token_id)}")
        if answer.status == 404:
            return None
        if answer.status != 200:
            raise self.api.refusal(answer)
        return TokenOut.model_validate(answer.body)
