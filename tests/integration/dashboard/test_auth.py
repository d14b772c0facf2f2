"""Signing in, sessions, CSRF and roles over real HTTP: no default password, a cookie no script can read, writes
refused without the session's CSRF token, and refusals that name the role needed."""

import asyncio

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from tests.integration.dashboard.auth_world import PASSWORD, add, dashboard, signed_in


async def test_there_is_no_default_user_and_a_wrong_password_reads_like_no_such_user(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        nobody = await client.post("/api/v1/login", json={"name": "admin", "password": "admin"})
        await add(auth, "ana", "admin")
        wrong = await client.post("/api/v1/login", json={"name": "ana", "password": "admin-admin-admin"})
    assert nobody.status_code == wrong.status_code == 401
    assert nobody.json() == wrong.json() == {"error": "wrong name or password"}


async def test_a_session_cookie_is_http_only_and_lax_and_writes_need_its_csrf_token(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "deployer", ("staging",))
        answer = await client.post("/api/v1/login", data={"name": "ana", "password": PASSWORD})  # the login form
        set_cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "secure" not in set_cookie  # plain http
        cookie, csrf = answer.cookies[COOKIE], answer.json()["csrf_token"]
        client.cookies.set(COOKIE, cookie)
        forged = await client.post("/api/v1/deploy/staging")
        wrong = await client.post("/api/v1/deploy/staging", headers={"X-CSRF-Token": "guess"})
        made = await client.post("/api/v1/deploy/staging", headers={"X-CSRF-Token": csrf})
        elsewhere = await client.post("/api/v1/deploy/production", headers={"X-CSRF-Token": csrf})
        me = await client.get("/api/v1/me")
    assert forged.status_code == wrong.status_code == 403 and "CSRF" in forged.json()["error"]
    assert made.json() == {"by": "ana", "via": "session"}
    assert elsewhere.status_code == 403 and elsewhere.json()["needed_role"] == "deployer"
    assert me.json()["csrf_token"] == csrf and me.json()["environments"] == ["staging"]


async def test_anonymous_and_viewers_are_refused_with_the_role_needed(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        anonymous = await client.post("/api/v1/deploy/staging")
        await add(auth, "vi", "viewer")
        cookie, csrf = await signed_in(client, "vi")
        client.cookies.set(COOKIE, cookie)
        viewer = await client.post("/api/v1/deploy/staging", headers={"X-CSRF-Token": csrf})
        users = await client.get("/api/v1/users")
    assert anonymous.status_code == 401 and anonymous.json()["needed_role"] == "deployer"
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert viewer.status_code == 403 and viewer.json() == {
        "error": "deploy needs the deployer role; vi has viewer",
        "needed_role": "deployer",
    }
    assert users.status_code == 403 and users.json()["needed_role"] == "admin"


async def test_logging_out_ends_the_session_everywhere(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "viewer")
        cookie, csrf = await signed_in(client, "ana")
        client.cookies.set(COOKIE, cookie)
        assert (await client.get("/api/v1/me")).status_code == 200
        assert (await client.post("/api/v1/logout", headers={"X-CSRF-Token": csrf})).status_code == 204
        client.cookies.set(COOKIE, cookie)  # a copy of the old cookie
        after = await client.get("/api/v1/me")
    assert after.status_code == 401


async def test_too_many_failed_logins_wait_even_with_the_right_password(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "viewer")
        for _ in range(5):
            assert (await client.post("/api/v1/login", json={"name": "ana", "password": "x"})).status_code == 401
        held = await client.post("/api/v1/login", json={"name": "ana", "password": PASSWORD})
    assert held.status_code == 429 and int(held.headers["retry-after"]) > 800
    assert "too many failed logins" in held.json()["error"]


async def test_many_guesses_sent_at_once_get_no_more_tries_than_one_after_another(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, url), httpx.AsyncClient(base_url=url) as client:
        await add(auth, "ana", "viewer")
        guesses = [client.post("/api/v1/login", json={"name": "ana", "password": f"guess {n}"}) for n in range(20)]
        answers = await asyncio.gather(*guesses)
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [401] * 5 + [429] * 15


async def test_a_session_made_on_one_replica_works_on_another_after_the_first_is_gone(redis_client: Redis) -> None:
    async with dashboard(redis_client) as (auth, first):
        await add(auth, "ana", "viewer")
        async with httpx.AsyncClient(base_url=first) as client:
            cookie, _ = await signed_in(client, "ana")
    async with dashboard(redis_client) as (_, second), httpx.AsyncClient(base_url=second) as client:
        client.cookies.set(COOKIE, cookie)
        me = await client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["name"] == "ana"
