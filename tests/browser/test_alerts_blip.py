"""The Alerts page asks the API again when a read of its board gets no answer (a network blip, the dashboard
going away a moment): the board still comes to show the alert an event announced, without another event and
without a reload."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.alerts_world import PLAN, USERS, alert, firing
from tests.support.alerting import publish
from tests.support.browser import new_page, script_errors, sign_in, unanswered
from tests.support.dashboard_world import dashboard_world
from tests.support.flight_events import started


async def test_a_board_read_that_got_no_answer_is_asked_for_again(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/alerts")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await expect(page.locator("[data-board]")).to_have_attribute("data-state", "empty")
        await page.evaluate("window.sameDocument = true")
        refused = await unanswered(page, "**/api/v1/alerts/groups", 2)
        await firing(redis_client, world.runtime.keys, alert("f-1", "staging", "api"))
        await publish(redis_client, *started("d-staging", [["api"]]))
        await expect(page.locator('li[data-alert="f-1"]')).to_contain_text("down")
        assert len(refused) == 2
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []
