"""Silences on the Alerts page in a real browser: the preview lists the active alerts a silence would mute,
making it mutes them (live), expiring it sends them again, and what the API refuses is said next to its field."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.alerts_world import PLAN, USERS, alert, firing
from tests.browser.test_alerts_board import alerts_page
from tests.support.browser import script_errors
from tests.support.dashboard_world import dashboard_world


async def test_a_silence_previews_what_it_mutes_mutes_it_once_made_and_expires(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await firing(
            redis_client,
            world.runtime.keys,
            alert("f-api", "staging", "api"),
            alert("f-web", "staging", "web", severity="warning"),
            alert("f-prod", "production", "api"),
        )
        page = await alerts_page(browser, world.url, "dee")
        form = page.locator("form[data-new-silence]")
        preview = form.locator("[data-preview]")
        await form.get_by_label("Matchers").fill("environment=staging service=api")
        await expect(preview).to_have_attribute("data-state", "ready")
        await expect(preview).to_contain_text("It would mute 1 active alert:")
        await expect(preview.locator("li")).to_have_count(1)
        await expect(preview.locator('li[data-alert="f-api"]')).to_contain_text("health-degraded (critical)")
        await form.get_by_label("Duration").fill("30m")
        await form.get_by_label("Comment").fill("load test")
        await form.get_by_role("button", name="Create silence").click()

        active = page.locator('[data-silence-part="active"]')
        await expect(active.locator("li")).to_have_count(1)
        made = active.locator("li")
        await expect(made.locator('[data-slot="matchers"]')).to_have_text("environment=staging service=api")
        await expect(made).to_contain_text("by dee")
        silence_id = await made.get_attribute("data-silence")
        api = page.locator('li[data-alert="f-api"]')
        await expect(api).to_have_attribute("data-state", "silenced")
        await expect(api.locator('[data-slot="silenced"]')).to_have_text(f"Silenced by {silence_id}")
        await expect(page.locator('li[data-alert="f-web"]')).to_have_attribute("data-state", "firing")

        await made.get_by_role("button", name="Expire now").click()
        expired = page.locator('[data-silence-part="expired"] li')
        await expect(expired).to_have_count(1)
        await expect(expired.locator('[data-slot="ended"]')).to_contain_text("Expired by dee")
        await expect(expired.get_by_role("button")).to_have_count(0)
        await expect(active.locator("li")).to_have_count(0)
        await expect(active).to_have_attribute("data-state", "empty")
        await expect(api).to_have_attribute("data-state", "firing")
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []


async def test_what_a_silence_gets_wrong_is_said_next_to_its_field(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await alerts_page(browser, world.url, "dee")
        form = page.locator("form[data-new-silence]")
        matchers, duration = form.get_by_label("Matchers"), form.get_by_label("Duration")
        await matchers.fill("environment=staging api")
        await expect(form.locator("#silence-matchers-error")).to_contain_text('"api": write it like LABEL=VALUE')
        await matchers.fill("team=payments")
        await expect(form.locator("#silence-matchers-error")).to_contain_text("matchers[0].label")
        await matchers.fill("environment=staging")
        await expect(form.locator("#silence-matchers-error")).to_be_hidden()
        await duration.fill("soon")
        await form.get_by_role("button", name="Create silence").click()
        await expect(form.locator("#silence-duration-error")).to_contain_text("duration:")
        await expect(duration).to_have_attribute("aria-invalid", "true")
        await matchers.fill("service=api")  # no environment: every environment, and dee has staging only
        await duration.fill("1h")
        await form.get_by_role("button", name="Create silence").click()
        await expect(form.locator('[data-error="form"]')).to_contain_text("only in staging")
        await expect(page.locator('[data-silence-part="active"] li')).to_have_count(0)
        assert script_errors(page) == []
