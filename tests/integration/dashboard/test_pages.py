"""The pages over real HTTP from the dashboard process: an anonymous request goes to the login page, a signed-in
one gets the Now page with its CSRF token and the user's name, what people typed shows as text, "loading" is told
apart from "empty", and pages and static files carry the security headers."""

import re
from pathlib import Path

import httpx
from redis.asyncio import Redis

from services.dashboard.auth.csrf_mask import unmask
from shared.events import DeployRequested
from shared.events import deployment as d
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.dashboard_stories import T0, story
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
MARKUP = "<script>alert('x')</script>"


async def test_an_anonymous_page_request_is_sent_to_login_and_a_signed_in_one_gets_now(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        away = await world.client.get("/?tab=1")
        assert away.status_code == 303 and away.headers["location"] == "/login?next=/%3Ftab%3D1"
        login = await world.client.get("/login", params={"next": "//evil.example"})
        assert login.status_code == 200 and 'data-next="/"' in login.text
        assert "'self'" in login.headers["content-security-policy"] and login.headers["cache-control"] == "no-store"

        csrf = await world.sign_in("vi")
        now = await world.client.get("/")
        assert now.status_code == 200 and now.headers["content-type"].startswith("text/html")
        carried = re.search(r'<meta name="csrf-token" content="([^"]+)">', now.text)
        assert carried and carried[1] != csrf and unmask(carried[1]) == csrf, "the page carries the token masked"
        assert 'aria-current="page"' in now.text and 'Role: <span data-slot="user-role">viewer' in now.text
        back = await world.client.get("/login", params={"next": "/"})
        assert back.status_code == 303 and back.headers["location"] == "/"


async def test_what_people_typed_shows_as_text_and_an_empty_list_says_so(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await world.sign_in("vi")
        empty = (await world.client.get("/")).text
        assert "No deployment in flight." in empty and 'data-state="empty"' in empty

        asked = d.DeployRequestedPayload(versions={"api": MARKUP}, requested_by="<b>ana</b>", reason=MARKUP)
        await publish(
            redis_client, DeployRequested(occurred_at=T0, payload=asked, deployment_id="d-1", environment="staging")
        )
        await eventually(lambda: _shown(world.client, "d-1"))
        page = (await world.client.get("/")).text
        assert MARKUP not in page and "<b>ana</b>" not in page
        assert "api &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "&lt;b&gt;ana&lt;/b&gt;" in page


async def test_the_page_says_loading_while_the_read_model_is_rebuilt(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *story(1, "staging", "ana", ["api"]))
        built = DashboardKeys.of(Keys()).built
        await eventually(lambda: redis_client.exists(built))
        await world.sign_in("vi")
        await redis_client.delete(built)  # the keeper looks again in 30 s; the page asked now finds it missing
        page = (await world.client.get("/")).text
        assert 'id="now-loading"' in page and "still reading the deployment history" in page
        assert 'data-state="loading"' in page and "d-001" in page  # what it has so far, told as not complete


async def test_the_stylesheet_and_scripts_are_served_from_the_dashboard_itself(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = (await world.client.get("/login")).text
        for asset in ("/static/app.css?v=", "/static/js/login.js?v="):
            start = page.index(asset)
            url = page[start : page.index('"', start)]
            answer = await world.client.get(url, headers={"Accept-Encoding": "gzip"})
            assert answer.status_code == 200 and answer.headers["x-content-type-options"] == "nosniff"
            assert (
                answer.headers["cache-control"].endswith("immutable") and answer.headers["content-encoding"] == "gzip"
            )
        module = await world.client.get("/static/js/live.js")
        assert (
            module.headers["content-type"].startswith("text/javascript")
            and module.headers["cache-control"] == "no-cache"
        )
        assert "http://" not in page.replace(world.url, "") and "https://" not in page


async def _shown(client: httpx.AsyncClient, deployment: str) -> bool:
    return deployment in (await client.get("/")).text


async def test_a_page_is_shown_while_the_plan_file_is_broken(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    broken = "version: 1\nenvironments: {staging: {}}\nservices:\n  api: {deploy: [./api]}\n"  # no health.ready
    async with dashboard_world(redis_url, redis_client, tmp_path, broken, users=USERS) as world:
        await world.sign_in("vi")
        now = await world.client.get("/")
        attention = await world.client.get("/api/v1/attention")
    assert now.status_code == 200 and 'id="attention"' in now.text, "Needs attention does without the plan"
    assert attention.status_code == 200 and attention.json() == []
