"""While the dashboard is still reading the history (its read model being rebuilt), the Now page says "loading",
not "empty", and fills in by itself once the history is all there."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def test_the_page_says_loading_while_the_history_is_read_then_fills_in(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *story(1, "staging", "ana", ["api"]), *story(2, "staging", "bo", ["api"]))
        built = DashboardKeys.of(Keys()).built
        await eventually(lambda: redis_client.exists(built))
        await redis_client.delete(built)  # as after a flush: the read model must be read again from the stream
        page = await signed_in(browser, world.url, "vi")
        recent = page.locator('[data-part="recent"]')
        await expect(page.locator("#now-loading")).to_be_visible()
        await expect(recent).to_have_attribute("data-state", "loading")
        await expect(recent.get_by_text("No deployment has ended yet.")).to_be_hidden()

        await expect(page.locator("#now-loading")).to_be_hidden()  # the page asked, the history was read again
        await expect(recent).to_have_attribute("data-state", "ready")
        await expect(recent.locator("li")).to_have_count(2)
        assert await redis_client.exists(built)
        assert script_errors(page) == []
