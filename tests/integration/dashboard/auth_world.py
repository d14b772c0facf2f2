"""A dashboard API with the auth routes and one guarded write, served by real uvicorn on a real Redis."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
from fastapi import APIRouter, Request
from redis.asyncio import Redis

from services.dashboard.auth.admin_routes import admin_router
from services.dashboard.auth.guard import COOKIE, Auth
from services.dashboard.auth.login_routes import login_router
from services.dashboard.web.api import build_api, served
from shared.keys.auth import AuthKeys
from shared.streams import Keys
from tests.support.asgi_server import serving

PASSWORD = "correct horse battery staple"


def guarded(auth: Auth) -> APIRouter:
    api = APIRouter()

    @api.post("/deploy/{environment}")
    async def deploy(request: Request, environment: str) -> dict[str, str]:
        who = (await auth.require(request, "deploy", environment)).principal
        return {"by": who.name, "via": who.via}

    return api


@asynccontextmanager
async def dashboard(redis: Redis) -> AsyncIterator[tuple[Auth, str]]:
    auth = Auth(redis, AuthKeys.of(Keys()))
    app = served(build_api([login_router(auth), admin_router(auth), guarded(auth)], "test"))
    async with serving(app) as url:
        yield auth, url


async def add(auth: Auth, name: str, role: str, environments: tuple[str, ...] = ("*",)) -> None:
    await auth.users.add(name, role, PASSWORD, datetime.now(UTC), environments)


async def signed_in(client: httpx.AsyncClient, name: str) -> tuple[str, str]:
    """(session cookie, CSRF token) of a fresh login."""
    answer = await client.post("/api/v1/login", json={"name": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    cookie = answer.cookies[COOKIE]
    return cookie, answer.json()["csrf_token"]
