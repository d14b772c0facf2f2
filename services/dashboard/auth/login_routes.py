"""Signing in and out: POST /login (JSON, or the login page's form), POST /logout, GET /me.

The session cookie is HttpOnly (no script reads it), Secure over https, and SameSite=Lax: sent when someone follows
a link to the dashboard (an alert in Slack), never on a cross-site POST; CSRF tokens guard every write besides.
A sign-in itself is posted only from the dashboard's own page (domain/origins.py): no login CSRF."""

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from services.dashboard.domain.origins import login_refusal
from services.dashboard.domain.roles import Role

from .guard import COOKIE, Auth
from .sessions import IDLE_S


class Login(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024, repr=False)


class Me(BaseModel):
    name: str
    role: Role
    environments: tuple[str, ...]
    via: str
    csrf_token: str | None = Field(None, description="send it as X-CSRF-Token with every write of this session")


WRONG = "wrong name or password"


def login_router(auth: Auth, own_url: str | None = None) -> APIRouter:
    """`own_url`: the dashboard's URL (settings.dashboard_url); a sign-in from its page, or one of the Host asked,
    is let in."""
    api = APIRouter(tags=["sign-in"])
    answers: dict[int | str, dict[str, str]] = {
        401: {"description": WRONG},
        403: {"description": "posted from another site's page"},
        429: {"description": "too many failed logins"},
    }

    @api.post("/login", responses=answers)
    async def login(request: Request, response: Response) -> Me:
        headers = request.headers
        why = login_refusal(
            headers.get("origin"), headers.get("referer"), headers.get("host"), auth.secure(request), own_url
        )
        if why is not None:
            raise HTTPException(403, detail={"error": why})
        asked = await _credentials(request)
        address = request.client.host if request.client else "unknown"
        wait = await auth.failures.attempt(asked.name, address)
        if wait:
            detail = {"error": f"too many failed logins: try again in {wait}s"}
            raise HTTPException(429, detail=detail, headers={"Retry-After": str(wait)})
        user = await auth.users.check(asked.name, asked.password)
        if user is None:
            raise HTTPException(401, detail={"error": WRONG})
        await auth.failures.succeeded(asked.name)
        session = await auth.sessions.create(user.name, datetime.now(UTC))
        response.set_cookie(
            COOKIE, session.id, max_age=IDLE_S, httponly=True, secure=auth.secure(request), samesite="lax", path="/"
        )
        return Me(
            name=user.name,
            role=user.role,
            environments=user.environments,
            via="session",
            csrf_token=session.record.csrf,
        )

    @api.post("/logout", status_code=204)
    async def logout(request: Request) -> Response:
        identity = await auth.require(request, "read")
        if identity.session_id:
            await auth.sessions.end(identity.session_id)
        done = Response(status_code=204)
        done.delete_cookie(COOKIE, path="/", httponly=True, secure=auth.secure(request), samesite="lax")
        return done

    @api.get("/me")
    async def me(request: Request) -> Me:
        identity = await auth.require(request, "read")
        who = identity.principal
        csrf = identity.session.csrf if identity.session else None
        return Me(name=who.name, role=who.role, environments=who.environments, via=who.via, csrf_token=csrf)

    return api


async def _credentials(request: Request) -> Login:
    """The JSON body, or the login form's fields; a 422 naming what is missing otherwise."""
    if request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        data = {key: value for key, value in form.items() if isinstance(value, str)}
    else:
        try:
            data = await request.json()
        except ValueError:
            raise HTTPException(
                422, detail={"error": 'send {"name": ..., "password": ...} as JSON, or the login form'}
            ) from None
    try:
        return Login.model_validate(data)
    except ValueError:
        raise HTTPException(422, detail={"error": "name and password are both needed"}) from None
