"""GET /account: your API tokens, made, listed and revoked through /api/v1/tokens (static/js/account.js); and
GET /users: the users and every token, for admins only (static/js/users.js); anyone else gets 403 from it."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from services.dashboard.auth.admin_routes import shown, shown_user

from .account_view import BLANK_TOKEN, roles_for, token_rows, user_rows
from .site import Site


def account_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/account", response_class=HTMLResponse)
    async def account(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        who = identity.principal
        tokens = [shown(t) for t in await site.auth.tokens.all(who.name)]
        return await site.render(
            "account.html",
            identity,
            "/account",
            tokens=token_rows(tokens),
            roles=roles_for(who),
            environments=" ".join(who.environments),
            blank_token=BLANK_TOKEN,
        )

    @pages.get("/users", response_class=HTMLResponse)
    async def users(request: Request) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        who = identity.principal
        if who.role != "admin":
            page = await site.render("forbidden.html", identity, "/users", needed="admin")
            page.status_code = 403
            return page
        people = [shown_user(u) for u in await site.auth.users.all()]
        tokens = [shown(t) for t in await site.auth.tokens.all(None)]
        return await site.render(
            "users.html", identity, "/users", users=user_rows(people, who.name), tokens=token_rows(tokens)
        )

    return pages
