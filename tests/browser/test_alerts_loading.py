"""While the dashboard is still reading its history the Alerts page says its silences are loading, not that there
are none, and fills in by itself once the history is all there."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.keys.dashboard import DashboardKeys
from tests.browser.alerts_world import PLAN, USERS
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_world import dashboard_world
from tests.support.inprocess import eventually


async def test_the_silences_say_loading_while_the_history_is_read_then_fill_in(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        csrf = await world.sign_in("ad")
        matchers = [{"label": "service", "value": "api"}]
        made = await world.client.post(
            "/api/v1/silences", json={"matchers": matchers, "duration": "1h"}, headers={"X-CSRF-Token": csrf}
        )
        assert made.status_code == 202, made.text
        keys = DashboardKeys.of(world.runtime.keys)
        await eventually(lambda: redis_client.hexists(keys.silences, made.json()["silence_id"]))
        await eventually(lambda: redis_client.exists(keys.built))
        await redis_client.delete(keys.built)  # as after a flush: the read model must be read again
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/alerts")
        active = page.locator('[data-silence-part="active"]')
        await expect(page.locator("#alerts-loading")).to_be_visible()
        await expect(active).to_have_attribute("data-state", "loading")
        await expect(active.get_by_text("No silence is muting anything.")).to_be_hidden()

        await expect(page.locator("#alerts-loading")).to_be_hidden()  # the page asked; the history was read again
        await expect(active).to_have_attribute("data-state", "ready")
        await expect(active.locator("li")).to_have_count(1)
        assert script_errors(page) == []
