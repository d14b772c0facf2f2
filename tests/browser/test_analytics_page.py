"""The Analytics page in a real browser over a seeded week whose figures were worked out by hand
(tests/support/analytics_history.py): of the five deployments that ended from 1 to 7 November, three succeeded on
three days (0.43 a day, daily: elite), their median lead time is 63 min (3900, 600 and 3780 s: high), two of five
failed or were rolled back (40%: low), d-4's incident recovered in 10 min (elite); api in production was down 600 s
of the week's 604,800 (99.9%). The page says each of those, its charts and tables agree, axe finds nothing in light
and dark, and a form field it cannot read is named."""

from pathlib import Path
from typing import Literal

import pytest
from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.browser.test_accessibility import AXE, violations
from tests.support.alerting import publish
from tests.support.analytics_history import T0, history
from tests.support.browser import WAIT_MS, screenshot, script_errors, sign_in
from tests.support.dashboard_world import DashboardWorld, User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {production: {}, staging: {}}
services:
  db: {kind: job, deploy: ["./db"]}
  api: {depends_on: [db], deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
WEEK = "/analytics?from=2026-11-01&to=2026-11-07"


async def folded(world: DashboardWorld) -> None:
    """Waits for the consumer group to fold the week (what the page reads, the API reads)."""

    async def done() -> bool:
        week = await world.client.get("/api/v1/analytics", params={"from": T0.isoformat(), "to": "2026-11-08T00:00Z"})
        body = week.json()
        return week.status_code == 200 and body["deployments"] == 5 and bool(body["uptime"])

    await eventually(done)
    await world.caught_up()


async def metric(page: Page, key: str, value: str, level: str) -> None:
    card = page.locator(f'[data-part="dora"] > ul > li[data-metric="{key}"]')
    await expect(card.locator('[data-slot="value"]')).to_have_text(value)
    await expect(card.locator(".level-pill")).to_have_text(level)


async def test_the_page_shows_the_figures_worked_out_by_hand(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await world.sign_in("vi")
        await publish(redis_client, *history())
        await folded(world)
        page = await (await browser.new_context(viewport={"width": 1440, "height": 900})).new_page()
        errors = script_errors(page)
        await sign_in(page, world.url, "vi", next_path=WEEK)
        await expect(page.get_by_role("link", name="Analytics")).to_have_attribute("aria-current", "page")
        await expect(page.locator('[data-slot="range"] [data-slot="count"]')).to_have_text("5")
        await expect(page.locator('[data-slot="range"]')).to_contain_text("2026-11-01 to 2026-11-07")
        await metric(page, "deployment-frequency", "0.43 a day", "elite")
        await metric(page, "lead-time", "63 min", "high")
        await metric(page, "change-failure-rate", "40%", "low")
        await metric(page, "time-to-restore", "10 min", "elite")
        failures = page.locator('li[data-metric="change-failure-rate"]')
        await failures.get_by_text("The deployments behind it").click()
        await expect(failures.locator('[data-slot="ids"] a')).to_have_text(["d-3", "d-4"])
        staging = page.locator('#dora-environments tr[data-group="staging"]')
        await expect(staging.locator('td[data-metric="lead-time"]')).to_contain_text("63 min")
        await expect(page.locator('#dora-services tr[data-group="db"]')).to_have_count(1)
        await expect(page.locator("#chart-outcomes desc")).to_contain_text("succeeded: Nov 1 1, Nov 2 1, Nov 3 0")
        await expect(page.locator("#outcomes-table tbody tr")).to_have_count(4)
        await expect(page.locator('#rollback-triggers tr[data-cause="health"] [data-slot="count"]')).to_have_text("1")
        impact = page.locator('#impact-table tr[data-impact="d-4"]')
        await expect(impact).to_contain_text("300 ms")
        await expect(impact).to_contain_text("900 ms")
        uptime = page.locator('#uptime-table tr[data-uptime="production/api"] [data-slot="uptime"]')
        await expect(uptime).to_have_text("99.9%")
        csv = await page.locator('[data-slot="csv"]').get_attribute("href")
        assert csv == "/api/v1/analytics/csv?from=2026-11-01&to=2026-11-07"
        await screenshot(page, tmp_path, "analytics-1440")
        await page.locator('li[data-metric="change-failure-rate"] [data-slot="ids"] a').first.click()
        await expect(page).to_have_url(f"{world.url}/deployments/d-3", timeout=WAIT_MS)
        assert errors == []


async def test_a_field_the_page_cannot_read_is_named(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await (await browser.new_context()).new_page()
        await sign_in(page, world.url, "vi", next_path="/analytics?from=nope&bucket=hour")
        alert = page.get_by_role("alert")
        await expect(alert).to_contain_text("from: 'nope' is not a date")
        await expect(alert).to_contain_text("bucket: 'hour' is not one of day, week")
        reversed_range = await page.goto(f"{world.url}/analytics?from=2026-11-08&to=2026-11-01")
        assert reversed_range is not None and reversed_range.status == 400
        await expect(page.get_by_role("alert")).to_contain_text("is not before to")


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_page_breaks_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    assert AXE.exists(), "axe-core comes with the pinned Lighthouse: run scripts/setup.sh"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await world.sign_in("vi")
        await publish(redis_client, *history())
        await folded(world)
        context = await browser.new_context(
            bypass_csp=True, color_scheme=scheme, viewport={"width": 390, "height": 844}
        )
        page = await context.new_page()
        await sign_in(page, world.url, "vi", next_path=WEEK)
        await expect(page.locator('[data-slot="range"] [data-slot="count"]')).to_have_text("5")
        for summary in await page.locator("main details > summary").all():
            await summary.click()
        assert await violations(page) == []
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390 px: something does not wrap or scroll in its box"
        await screenshot(page, tmp_path, f"analytics-390-{scheme}")
        await context.close()
