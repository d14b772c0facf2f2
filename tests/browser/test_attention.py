"""Needs attention on every page, in a real browser: a deployment that pauses while a person looks at another page
shows up there without a reload, its text as text, with a link to where it is resumed or rolled back."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.flight_events import attempt, failed, paused, started

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
