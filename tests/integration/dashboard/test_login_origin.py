"""Login CSRF refused over real HTTP by the dashboard process: a sign-in posted from another site's page (its
Origin, or its Referer without one) is 403 with no session made; one from the dashboard's own page, or from a
script that sends neither header, signs in."""

from pathlib import Path

from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from shared.keys.auth import AuthKeys
from tests.support.dashboard_world import PASSWORD, dashboard_world

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
ANA = [("ana", "viewer", ("*",))]
CREDENTIALS = {"name": "ana", "password": PASSWORD}


async def test_a_sign_in_from_another_site_is_refused_and_makes_no_session(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=ANA) as world:
        posted = await world.client.post(
            "/api/v1/login", data=CREDENTIALS, headers={"Origin": "https://evil.example"}
        )  # the login form, submitted by a page elsewhere
        referred = await world.client.post(
            "/api/v1/login", json=CREDENTIALS, headers={"Referer": "https://evil.example/trap.html"}
        )
        sessions = await redis_client.exists(AuthKeys.of(world.runtime.keys).sessions_of("ana"))
    for answer in (posted, referred):
        assert answer.status_code == 403 and COOKIE not in answer.cookies
        assert answer.json() == {
            "error": "a sign-in posted from https://evil.example is refused: sign in on the dashboard's own page"
        }
    assert not sessions


async def test_a_sign_in_from_the_dashboards_own_page_or_a_script_goes_ahead(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    own = "https://deploy.example.com"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=ANA, dashboard_url=own) as world:
        script = await world.client.post("/api/v1/login", json=CREDENTIALS)
        configured = await world.client.post("/api/v1/login", data=CREDENTIALS, headers={"Origin": own})
        asked_host = await world.client.post(
            "/api/v1/login", json=CREDENTIALS, headers={"Referer": f"https://{world.url.removeprefix('http://')}/"}
        )  # served over https (dashboard_url says so) behind a proxy that ends TLS: the Host asked, over https
    assert [a.status_code for a in (script, configured, asked_host)] == [200, 200, 200]
    assert all(COOKIE in a.cookies for a in (script, configured, asked_host))
