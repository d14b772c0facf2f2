"""The History page (a list and a search), a deployment's page and its report break none of axe-core's WCAG 2 A and
AA rules, in light and dark (axe-core from the pinned Lighthouse, read from disk: tests/browser/test_accessibility.py
runs it the same way)."""

from pathlib import Path
from typing import Literal

import pytest
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_deployment_pages import PLAN, USERS, with_api_steps
from tests.support.alerting import publish
from tests.support.browser import sign_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import dashboard_world


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_history_a_deployment_and_its_report_break_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    assert AXE.exists(), "axe-core comes with the pinned Lighthouse: run scripts/setup.sh"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *with_api_steps(1), *story(2, "production", "bo", ["api"]))
        context = await browser.new_context(bypass_csp=True, color_scheme=scheme)
        page = await context.new_page()
        await sign_in(page, world.url, "vi", next_path="/history")
        await expect(page.locator('ul[data-slot="rows"] > li')).to_have_count(2)
        assert await violations(page) == []
        await page.goto(f"{world.url}/history?q=exit")
        await expect(page.locator("li[data-hit]")).to_have_count(1)
        assert await violations(page) == []
        await page.goto(f"{world.url}/deployments/d-001")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        assert await violations(page) == []
        await page.goto(f"{world.url}/deployments/d-001/report")
        assert await violations(page) == []
        await context.close()
