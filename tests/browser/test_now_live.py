"""The Now page in a real browser, live: a deployment published to the stream appears without a reload and moves
from in flight to recent as it ends, what people typed shows as text even when it arrives live, and the badge
says reconnecting when the dashboard goes away."""

from contextlib import AsyncExitStack
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from shared.events import DeployRequested
from shared.events import deployment as d
from tests.support.alerting import publish
from tests.support.browser import new_page, script_errors, sign_in, signed_in
from tests.support.dashboard_stories import T0, story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1><script>window.hacked=2</script>"


async def live_now(page: Page) -> None:
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    await page.evaluate("window.sameDocument = true")  # gone after a reload


async def test_a_deployment_appears_live_and_moves_to_recent_when_it_ends(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await signed_in(browser, world.url, "vi")
        flying, recent = page.locator('[data-part="in-flight"]'), page.locator('[data-part="recent"]')
        await expect(flying).to_have_attribute("data-state", "empty")
        await expect(flying).to_contain_text("No deployment in flight.")
        await live_now(page)

        requested, started, succeeded = story(1, "staging", "ana", ["api", "web"])
        await publish(redis_client, requested, started)
        row = flying.locator('li[data-deployment="d-001"]')
        await expect(row).to_contain_text("api 1.1, web 1.1")
        await expect(row.locator('[data-slot="status"]')).to_have_text("running")
        await expect(flying).to_have_attribute("data-state", "ready")
        await expect(flying.locator('[data-slot="count"]')).to_have_text("1")

        await publish(redis_client, succeeded)
        await expect(recent.locator('li[data-deployment="d-001"] [data-slot="status"]')).to_have_text("succeeded")
        await expect(flying.locator("li")).to_have_count(0)
        await expect(flying).to_have_attribute("data-state", "empty")
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []


async def test_markup_people_typed_shows_as_text_when_it_arrives_live_and_when_rendered(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    asked = d.DeployRequestedPayload(versions={"api": MARKUP}, requested_by="<b>ana</b>", reason=MARKUP)
    event = DeployRequested(occurred_at=T0, payload=asked, deployment_id="d-x", environment="staging")
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await signed_in(browser, world.url, "vi")
        await live_now(page)
        await publish(redis_client, event)
        for shown in (page, None):
            if shown is None:  # and once more, rendered by the server
                await page.reload()
                await live_now(page)
            row = page.locator('li[data-deployment="d-x"]')
            await expect(row.locator('[data-slot="versions"]')).to_have_text(f"api {MARKUP}")
            await expect(row.locator('[data-slot="requested-by"]')).to_have_text("<b>ana</b>")
            assert await row.locator("img, script, b").count() == 0
            assert await page.evaluate("window.hacked") is None
        assert script_errors(page) == []


async def test_the_badge_says_reconnecting_when_the_dashboard_stops_and_stale_when_it_stays_away(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with AsyncExitStack() as stack:
        world = await stack.enter_async_context(dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS))
        page = await new_page(browser)
        await page.clock.install()  # the page's clock, moved on below instead of waiting
        await sign_in(page, world.url, "vi")
        badge = page.locator("#live-status")
        await expect(badge).to_have_attribute("data-state", "live")
        await expect(badge).to_have_text("live")
        await stack.aclose()  # the dashboard process stops; the page stays open
        await expect(badge).to_have_attribute("data-state", "reconnecting")
        await expect(badge).to_have_text("reconnecting")
        assert await badge.get_attribute("role") == "status"
        await page.clock.fast_forward(21_000)  # 20 s without a connection: the page may be out of date
        await expect(badge).to_have_attribute("data-state", "stale")
        await expect(badge).to_have_text("stale")
