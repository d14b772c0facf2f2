"""A user's sessions end together over real HTTP on a real Redis: a new password set by an admin signs every
browser of that user out, one's own change keeps the browser that made it, a demotion ends them, a removal too
(and a user added again under the name gets none back); the index of a user's sessions forgets expired ones."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from tests.integration.dashboard.auth_world import add, dashboard, signed_in

NEW_PASSWORD = "a brand new passphrase here"


@asynccontextmanager
async def browsers(url: str, count: int) -> AsyncIterator[list[httpx.AsyncClient]]:
    """`count` browsers of their own: cookies are not shared."""
    clients = [httpx.AsyncClient(base_url=url) for _ in range(count)]
    try:
        yield clients
    finally:
        for client in clients:
            await client.aclose()


async def sign_in(browser: httpx.AsyncClient, name: str) -> str:
    """Signs the browser in; its CSRF token."""
    cookie, csrf = await signed_in(browser, name)
    browser.cookies.set(COOKIE, cookie)
    return csrf


async def me(browser: httpx.AsyncClient) -> int:
    return (await browser.get("/api/v1/me")).status_code


async def test_an_admin_setting_a_password_signs_out_every_browser_of_that_user(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), browsers(url, 4) as (first, second, other, admin):
        await add(auth, "ana", "viewer")
        await add(auth, "bo", "viewer")
        await add(auth, "ad", "admin")
        await sign_in(first, "ana")
        await sign_in(second, "ana")
        await sign_in(other, "bo")
        csrf = {"X-CSRF-Token": await sign_in(admin, "ad")}
        assert [await me(b) for b in (first, second, other)] == [200, 200, 200]
        changed = await admin.patch("/api/v1/users/ana", json={"password": NEW_PASSWORD}, headers=csrf)
        assert changed.status_code == 200, changed.text
        assert [await me(b) for b in (first, second, other, admin)] == [401, 401, 200, 200]
        assert await auth.sessions.live("ana") == 0 and await auth.sessions.live("bo") == 1
        again = await first.post("/api/v1/login", json={"name": "ana", "password": NEW_PASSWORD})
        assert again.status_code == 200


async def test_ones_own_new_password_keeps_the_browser_that_set_it(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), browsers(url, 2) as (here, elsewhere):
        await add(auth, "ad", "admin")
        csrf = await sign_in(here, "ad")
        await sign_in(elsewhere, "ad")
        changed = await here.patch("/api/v1/users/ad", json={"password": NEW_PASSWORD}, headers={"X-CSRF-Token": csrf})
        assert changed.status_code == 200, changed.text
        assert [await me(here), await me(elsewhere)] == [200, 401]


async def test_a_demotion_ends_the_sessions_and_a_promotion_does_not(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), browsers(url, 2) as (ana, admin):
        await add(auth, "ana", "deployer", ("staging", "live"))
        await add(auth, "ad", "admin")
        csrf = {"X-CSRF-Token": await sign_in(admin, "ad")}
        await sign_in(ana, "ana")
        await admin.patch("/api/v1/users/ana", json={"environments": ["staging", "live", "qa"]}, headers=csrf)
        assert await me(ana) == 200, "more environments: still signed in"
        await admin.patch("/api/v1/users/ana", json={"environments": ["staging"]}, headers=csrf)
        assert await me(ana) == 401
        await sign_in(ana, "ana")
        await admin.patch("/api/v1/users/ana", json={"role": "viewer"}, headers=csrf)
        assert await me(ana) == 401


async def test_a_removed_user_added_again_gets_none_of_the_old_sessions(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), browsers(url, 2) as (ana, admin):
        await add(auth, "ana", "viewer")
        await add(auth, "ad", "admin")
        csrf = {"X-CSRF-Token": await sign_in(admin, "ad")}
        await sign_in(ana, "ana")
        assert (await admin.delete("/api/v1/users/ana", headers=csrf)).status_code == 204
        await add(auth, "ana", "viewer")  # the old cookie must not come back to life
        assert await me(ana) == 401


async def test_a_users_index_forgets_sessions_that_expired_and_ends_with_the_last(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), browsers(url, 3) as (first, second, third):
        await add(auth, "ana", "viewer")
        await sign_in(first, "ana")
        await sign_in(second, "ana")
        index = auth.users.keys.sessions_of("ana")
        expired = sorted(d.decode() for d in cast(set[bytes], await redis_client.smembers(index)))[0]
        await redis_client.delete(auth.users.keys.session(expired))  # as Redis does when it expires
        await sign_in(third, "ana")
        assert await redis_client.scard(index) == 2
        assert await auth.sessions.live("ana") == 2 and 0 < await redis_client.ttl(index) <= auth.sessions.absolute_s
        for browser in (first, second, third):
            if await me(browser) == 200:
                csrf = (await browser.get("/api/v1/me")).json()["csrf_token"]
                assert (await browser.post("/api/v1/logout", headers={"X-CSRF-Token": csrf})).status_code == 204
        assert not await redis_client.exists(index)
