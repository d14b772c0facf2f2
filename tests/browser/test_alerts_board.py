"""The Alerts page in a real browser: an alert acknowledged with a comment changes live on every open page, a
viewer sees no button it cannot use (and the API refuses it anyway), and markup in an alert's summary is text."""

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.browser.alerts_world import MARKUP, PLAN, USERS, alert, firing
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_world import dashboard_world


async def alerts_page(browser: Browser, url: str, name: str) -> Page:
    page = await new_page(browser)
    await sign_in(page, url, name, next_path="/alerts")
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    await page.evaluate("window.sameDocument = true")  # gone after a reload
    return page


async def test_an_alert_acknowledged_with_a_comment_changes_live_for_everyone_watching(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        keys = world.runtime.keys
        await firing(redis_client, keys, alert("f-stage", "staging", "api"), alert("f-prod", "production", "web"))
        deployer, viewer = await alerts_page(browser, world.url, "dee"), await alerts_page(browser, world.url, "vi")
        staged = deployer.locator('li[data-alert="f-stage"]')
        await expect(deployer.locator("[data-group]")).to_have_count(2)  # one per environment and deployment
        await expect(deployer.locator('li[data-alert="f-prod"] button')).to_have_count(0)  # dee: staging only
        await staged.get_by_label("Comment").fill("rolling back <b>now</b>")
        await staged.get_by_role("button", name="Acknowledge").click()

        for page in (deployer, viewer):
            row = page.locator('li[data-alert="f-stage"]')
            await expect(row).to_have_attribute("data-state", "acknowledged")
            await expect(row.locator('[data-slot="acknowledged"]')).to_contain_text("Acknowledged by dee at 20")
            await expect(row.locator('[data-slot="acknowledged"]')).to_contain_text(": rolling back <b>now</b>")
            await expect(row.get_by_role("button", name="Acknowledge")).to_have_count(0)
            assert await page.evaluate("window.sameDocument") is True
            assert script_errors(page) == []


async def test_a_viewer_sees_no_acknowledge_silence_or_expire_button_and_the_api_refuses_it_anyway(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await firing(redis_client, world.runtime.keys, alert("f-1", "staging", "api"))
        csrf = await world.sign_in("ad")
        matchers = [{"label": "service", "value": "web"}]
        made = await world.client.post(
            "/api/v1/silences", json={"matchers": matchers, "duration": "1h"}, headers={"X-CSRF-Token": csrf}
        )
        assert made.status_code == 202, made.text
        page = await alerts_page(browser, world.url, "vi")
        await expect(page.locator('[data-silence-part="active"] li')).to_have_count(1)
        await expect(page.locator('li[data-alert="f-1"]')).to_contain_text("down")
        assert await page.get_by_role("button").all_inner_texts() == []  # the account menu is a summary
        assert await page.locator("form[data-new-silence], form[data-ack], [data-expire]").count() == 0

        csrf = await world.sign_in("vi")
        headers = {"X-CSRF-Token": csrf}
        acked = await world.client.post("/api/v1/alerts/f-1/ack", json={"comment": "x"}, headers=headers)
        silenced = await world.client.post(
            "/api/v1/silences", json={"matchers": matchers, "duration": "1h"}, headers=headers
        )
        expired = await world.client.delete(f"/api/v1/silences/{made.json()['silence_id']}", headers=headers)
        assert [acked.status_code, silenced.status_code, expired.status_code] == [403, 403, 403]
        assert script_errors(page) == []


async def test_markup_in_an_alert_summary_shows_as_text_rendered_and_live(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        keys = world.runtime.keys
        await firing(redis_client, keys, alert("f-x", "staging", MARKUP, summary=MARKUP))
        page = await alerts_page(browser, world.url, "dee")
        for step in ("rendered", "live"):
            if step == "live":  # an acknowledgement redraws the board from the API
                await page.locator('li[data-alert="f-x"]').get_by_role("button", name="Acknowledge").click()
                await expect(page.locator('li[data-alert="f-x"]')).to_have_attribute("data-state", "acknowledged")
            row = page.locator('li[data-alert="f-x"]')
            await expect(row.locator('[data-slot="summary"]')).to_have_text(MARKUP)
            await expect(row.locator('[data-slot="subject"]')).to_have_text(MARKUP)
            assert await row.locator("img, script").count() == 0
            assert await page.evaluate("window.hacked") is None
        assert script_errors(page) == []
