"""Users, for an admin in a real browser: one added with a password can then sign in, a role changed and a password
reset are what the user then has, one removed can sign in no more; and the Alerts and account pages break no WCAG
rule in light and dark."""

from pathlib import Path
from typing import Literal

import pytest
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.alerts_world import PLAN, USERS, alert, firing
from tests.browser.test_accessibility import AXE, violations
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_world import dashboard_world

NEW_PASSWORD = "a long enough new password"
RESET_PASSWORD = "another long enough password"


async def test_an_admin_adds_a_user_who_can_then_sign_in_and_removes_them(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        admin = await new_page(browser)
        await sign_in(admin, world.url, "ad", next_path="/users")
        form = admin.locator("form[data-new-user]")
        await form.get_by_label("Name").fill("eve")
        await form.get_by_label("Password").fill(NEW_PASSWORD)
        await form.get_by_label("Role").select_option("deployer")
        await form.get_by_label("Environments").fill("staging")
        await form.get_by_role("button", name="Add user").click()
        eve_row = admin.locator('li[data-user="eve"]')
        await expect(eve_row.get_by_label("Role")).to_have_value("deployer")
        await expect(eve_row.get_by_label("Environments")).to_have_value("staging")

        eve = await new_page(browser)
        await sign_in(eve, world.url, "eve", NEW_PASSWORD)
        await expect(eve.locator('[data-slot="user-role"]')).to_have_text("deployer")
        await eve.context.close()

        await eve_row.get_by_label("Role").select_option("viewer")
        await eve_row.get_by_label("New password").fill(RESET_PASSWORD)
        await eve_row.get_by_role("button", name="Save eve").click()
        await expect(eve_row.get_by_label("Role")).to_have_value("viewer")
        await expect(eve_row.get_by_label("New password")).to_have_value("")  # the page was read again
        refused = await world.client.post("/api/v1/login", json={"name": "eve", "password": NEW_PASSWORD})
        assert refused.status_code == 401
        eve = await new_page(browser)
        await sign_in(eve, world.url, "eve", RESET_PASSWORD)
        await expect(eve.locator('[data-slot="user-role"]')).to_have_text("viewer")
        await eve.context.close()

        admin.once("dialog", lambda dialog: dialog.accept())
        await eve_row.get_by_role("button", name="Remove eve").click()
        await expect(eve_row).to_have_count(0)
        answer = await world.client.post("/api/v1/login", json={"name": "eve", "password": RESET_PASSWORD})
        assert answer.status_code == 401
        assert script_errors(admin) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_alerts_and_account_pages_break_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    assert AXE.exists(), "axe-core comes with the pinned Lighthouse: run scripts/setup.sh"
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await firing(
            redis_client, world.runtime.keys, alert("f-1", "staging", "api"), alert("f-2", "staging", "web", "warning")
        )
        context = await browser.new_context(bypass_csp=True, color_scheme=scheme)
        page = await context.new_page()
        await sign_in(page, world.url, "ad", next_path="/alerts")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await page.get_by_label("Matchers").fill("service=api")
        await expect(page.locator("[data-preview]")).to_have_attribute("data-state", "ready")
        assert await violations(page) == []
        for path in ("/account", "/users"):
            await page.goto(f"{world.url}{path}")
            await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
            assert await violations(page) == [], path
        await page.goto(f"{world.url}/account")
        await page.get_by_label("Name", exact=True).fill("ci")
        await page.get_by_role("button", name="Create token").click()
        await expect(page.locator("[data-made-token]")).to_be_visible()
        assert await violations(page) == []
        await context.close()
