"""The Now page's live timeline (a retried service, its log lines, a gate) and the Needs attention area (a paused
deployment) break no WCAG 2 A or AA rule of axe-core, in light and dark, at a phone's width and a wide one."""

from pathlib import Path
from typing import Literal

import pytest
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.test_accessibility import AXE, violations
from tests.support.alerting import publish
from tests.support.browser import sign_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.flight_events import attempt, failed, gate, log_line, paused, started

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"], depends_on: [api]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


@pytest.mark.parametrize(("scheme", "width"), [("light", 390), ("dark", 1280)])
async def test_the_timeline_and_needs_attention_break_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"], width: int
) -> None:
    assert AXE.exists(), "axe-core comes with the pinned Lighthouse: run scripts/setup.sh"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *started("d-1", [["api"], ["web"]]), attempt("d-1", "api", 1))
        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), attempt("d-1", "api", 2), gate("d-1", "web"))
        for n in range(7):
            await log_line(redis_client, "d-1", "api", f"step {n} of the build")
        await publish(redis_client, *started("d-2", [["api"]], "production"), paused("d-2", "api", "api failed"))
        context = await browser.new_context(
            bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900}
        )
        page = await context.new_page()
        await sign_in(page, world.url, "vi")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await expect(page.locator('#attention li[data-need="paused"]')).to_have_count(1)
        api = page.locator('[data-progress="d-1"] [data-service="api"]')
        await expect(api.locator('[data-slot="log-tail"] li')).to_have_count(5)
        assert await violations(page) == []
        await api.get_by_text("All 7 log lines").click()
        assert await violations(page) == []
        await context.close()
