"""Who a request is, and whether it may do what it asks: the one check every route goes through.

A request is a token (`Authorization: Bearer fd_...`) or a browser session (the `fd_session` cookie). A write
made with a session must carry the session's CSRF token (header X-CSRF-Token, or a `csrf_token` form field): a
cookie rides along on a forged cross-site request, the token does not. A bearer token needs no CSRF token: a
browser never adds it by itself. Refusals are 401 (who are you?) or 403 (not you), with the role needed."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Depends, HTTPException, Request
from redis.asyncio import Redis
from starlette.requests import HTTPConnection

from services.dashboard.domain.roles import Action, Allowed, Principal, authorize, narrowed
from shared.keys.auth import AuthKeys

from .csrf_mask import matches
from .failures import LoginFailures
from .records import SessionRecord
from .sessions import SessionStore
from .tokens import TokenStore
from .users import UserStore

COOKIE = "fd_session"
CSRF_HEADER = "x-csrf-token"
SAFE = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Identity:
    principal: Principal
    session: SessionRecord | None = None  # set for a browser session
    session_id: str | None = None


class Auth:
    def __init__(self, redis: Redis, keys: AuthKeys, *, https: bool = False) -> None:
        self.users, self.sessions = UserStore(redis, keys), SessionStore(redis, keys)
        self.tokens, self.failures = TokenStore(redis, keys), LoginFailures(redis, keys)
        self.https = https  # the dashboard's own URL is https: cookies are Secure even behind a TLS-ending proxy

    async def identify(self, connection: HTTPConnection) -> Identity | None:
        """Looked up once per request: a route's dependency and its body may both ask."""
        if not hasattr(connection.state, "identity"):
            connection.state.identity = await self._identify(connection)
        found: Identity | None = connection.state.identity
        return found

    async def _identify(self, connection: HTTPConnection) -> Identity | None:
        now = datetime.now(UTC)
        scheme, _, credential = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and credential:
            token = await self.tokens.verify(credential.strip(), now)
            owner = await self.users.get(token.owner) if token else None
            if token is None or owner is None:  # a removed user's tokens die with them
                return None
            if narrowed(owner.principal(), token.role, token.environments) is not None:
                return None  # its owner was demoted since: the token may no longer do what it was made for
            return Identity(token.principal())
        session_id = connection.cookies.get(COOKIE)
        session = await self.sessions.get(session_id, now) if session_id else None
        user = await self.users.get(session.user) if session else None
        if session is None or user is None:
            return None
        return Identity(user.principal(), session, session_id)

    async def principal(self, connection: HTTPConnection) -> Principal | None:
        identity = await self.identify(connection)
        return identity.principal if identity else None

    async def require(self, request: Request, action: Action, environment: str | None = None) -> Identity:
        """The identity allowed to do `action` (in `environment`), or an HTTPException that says why not."""
        identity = await self.identify(request)
        verdict = authorize(identity.principal if identity else None, action, environment)
        if not isinstance(verdict, Allowed):
            headers = {"WWW-Authenticate": "Bearer"} if verdict.status == 401 else None
            detail = {"error": verdict.why, "needed_role": verdict.needed}
            raise HTTPException(verdict.status, detail=detail, headers=headers)
        assert identity is not None  # allowed means someone
        if identity.session is not None and request.method not in SAFE:
            await self._check_csrf(request, identity.session)
        return identity

    def needs(self, action: Action) -> Any:
        """A route's dependency: the role (and CSRF) checked before FastAPI reads the body, so a stranger is
        told 401 and a viewer 403, not what the request should look like. The route still checks the environment."""

        async def check(request: Request) -> None:
            await self.require(request, action)

        return Depends(check)

    async def _check_csrf(self, request: Request, session: SessionRecord) -> None:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            form_value = (await request.form()).get("csrf_token")
            sent = form_value if isinstance(form_value, str) else None
        if not sent or not matches(sent, session.csrf):
            detail = {"error": "this write needs the session's CSRF token in the X-CSRF-Token header (GET /api/v1/me)"}
            raise HTTPException(403, detail=detail)

    def secure(self, request: Request) -> bool:
        return self.https or request.url.scheme == "https"
