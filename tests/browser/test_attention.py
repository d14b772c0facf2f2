"""Needs attention on every page, in a real browser: a deployment that pauses while a person looks at another page
shows up there without a reload, its text as text, with a link to where it is resumed or rolled back; and what
waits is in the page as the server sends it, the same as GET /api/v1/attention answers."""

from pathlib import Path

import httpx
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from services.dashboard.auth.guard import COOKIE
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.flight_events import attempt, failed, paused, started
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1>"


async def test_a_paused_deployment_appears_in_needs_attention_on_another_page(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/alerts")
        attention = page.locator("#attention")
        await expect(attention).to_have_attribute("data-state", "empty")
        await expect(attention).to_contain_text("Nothing waits for a person.")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await page.evaluate("window.sameDocument = true")

        await publish(redis_client, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), paused("d-1", "api", f"api failed {MARKUP}"))
        need = attention.locator('li[data-need="paused"]')
        await expect(need).to_contain_text(f"d-1 in staging is paused: api failed {MARKUP}")
        await expect(attention).to_have_attribute("data-state", "ready")
        link = need.get_by_role("link", name="Resume or roll back")
        assert await link.get_attribute("href") == "/deployments/d-1"
        assert await attention.locator("img").count() == 0
        assert await page.evaluate("window.hacked") is None
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []


async def test_what_waits_is_on_the_page_as_it_arrives_and_the_api_answers_the_same(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    """Rendered with the page (shown with scripts off: nothing waits for a request the page makes later)."""
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await world.sign_in("vi")
        await publish(redis_client, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), paused("d-1", "api", f"api failed {MARKUP}"))

        async def folded() -> bool:
            return len((await world.client.get("/api/v1/attention")).json()) == 1

        await eventually(folded)
        needs = (await world.client.get("/api/v1/attention")).json()
        async with httpx.AsyncClient(base_url=world.url) as stranger:
            anonymous = await stranger.get("/api/v1/attention")
        context = await browser.new_context(java_script_enabled=False)
        page = await context.new_page()
        await page.goto(f"{world.url}/login?next=/history")
        await context.add_cookies([{"name": COOKIE, "value": world.client.cookies[COOKIE], "url": world.url}])
        await page.goto(f"{world.url}/history")
        attention = page.locator("#attention")
        await expect(attention).to_have_attribute("data-state", "ready")
        await expect(attention.locator('[data-slot="count"]')).to_have_text("1")
        need = attention.locator('li[data-need="paused"]')
        await expect(need).to_contain_text(f"d-1 in staging is paused: api failed {MARKUP}")
        assert await need.get_by_role("link", name="Resume or roll back").get_attribute("href") == "/deployments/d-1"
        assert await attention.locator("img").count() == 0
        assert await attention.locator("button[data-control]").count() == 0, "a viewer is offered no control"
        await context.close()
    assert needs == [
        {
            "kind": "paused",
            "environment": "staging",
            "text": f"d-1 in staging is paused: api failed {MARKUP}",
            "action": "Resume or roll back",
            "href": "/deployments/d-1",
            "deployment_id": "d-1",
            "back_to": None,
        }
    ]
    assert anonymous.status_code == 401
