"""A deployment's page follows it live on the tab's one socket: an event of this deployment joins the timeline and
the replay's stops, one of another deployment does not, and when it ends the page shows how it ended."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.test_deployment_pages import PLAN, USERS, with_api_steps
from tests.support.alerting import publish
from tests.support.browser import new_page, script_errors, sign_in, unanswered
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import dashboard_world


async def test_the_page_of_a_running_deployment_follows_its_events_live(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        events = with_api_steps(1)  # requested, started, api's deploy and gate, failed
        await publish(redis_client, *events[:2])
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/deployments/d-001")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await expect(page.locator('header [data-slot="status"]')).to_have_text("running")
        await page.evaluate("window.sameDocument = true")
        timeline = page.locator('[data-slot="timeline"] > li')
        await expect(timeline).to_have_count(2)

        await publish(redis_client, *story(2, "staging", "bo", ["web"])[:1], events[2])
        await expect(timeline).to_have_count(3)
        await expect(timeline.last).to_have_attribute("data-kind", "service-deploy-started")
        await expect(page.get_by_label("Moment")).to_have_attribute("max", "2")
        await expect(page.locator('[data-slot="replay-frame"] [data-service="api"]')).to_have_class(
            "node health-unknown step-deploying-1-1"
        )
        assert await page.evaluate("window.sameDocument") is True

        await publish(redis_client, *events[3:])
        await expect(page.locator('header [data-slot="status"]')).to_have_text("failed")
        await expect(page.locator("article")).to_have_attribute("data-running", "false")
        await expect(page.locator('[data-slot="failure"]')).to_have_text("exit 3")
        assert script_errors(page) == []


async def test_the_status_is_asked_for_again_when_a_fetch_got_no_answer(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        events = with_api_steps(1)
        await publish(redis_client, *events[:-1])
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/deployments/d-001")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await expect(page.locator('header [data-slot="status"]')).to_have_text("running")
        refused = await unanswered(page, "**/api/v1/deployments/d-001", 2)
        await publish(redis_client, events[-1])  # the one event that ends it
        await expect(page.locator('header [data-slot="status"]')).to_have_text("failed")
        assert len(refused) == 2
