"""The login and Now pages pass axe-core's WCAG 2 A and AA rules (contrast, labels, landmarks, names) in light and
dark. axe-core is the one the project's pinned Lighthouse brings (tools/lighthouse), read from disk: no network."""

import json
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import sign_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world

AXE = Path(__file__).resolve().parents[2] / "tools/lighthouse/node_modules/axe-core/axe.min.js"
PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


async def violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations on the page as it is: each rule broken, with the parts that break it."""
    await page.evaluate(AXE.read_text())
    found: list[dict[str, Any]] = await page.evaluate(
        f"async () => (await axe.run(document, {json.dumps(RULES)})).violations"
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_login_and_now_pages_break_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    assert AXE.exists(), "axe-core comes with the pinned Lighthouse: run scripts/setup.sh"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *story(1, "staging", "ana", ["api", "web"]))
        await publish(
            redis_client, *story(2, "production", "bo", ["api"], ok=False), *story(3, "staging", "cy", ["web"])[:2]
        )
        # axe is put in by the test, not served by the dashboard: the page's own policy would refuse it
        context = await browser.new_context(bypass_csp=True, color_scheme=scheme)
        page = await context.new_page()
        await page.goto(f"{world.url}/login")
        assert await violations(page) == []

        await sign_in(page, world.url, "vi")
        await expect(page.locator('[data-part="recent"] [data-slot="rows"] > li')).to_have_count(2)
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        assert await violations(page) == []
        await page.locator("details[data-user-menu] summary").click()
        assert await violations(page) == []
        await context.close()
