"""Who sees which buttons, page by page, in a real browser: a viewer walks every page with deployments in flight in
two environments and finds no control and no deploy form anywhere (the API refuses a viewer anyway, as
test_controls_confirm.py proves); a deployer of staging only sees the controls of a staging deployment, none of a
production one, and may start deployments in staging alone."""

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import DashboardWorld, User, dashboard_world
from tests.support.services_stories import PLAN, in_flight, live_everywhere

USERS: list[User] = [("vi", "viewer", ("*",)), ("sam", "deployer", ("staging",))]
PAGES = (  # a page, and a deployment it shows once it is filled in
    ("/", "d-200"),
    ("/services?environment=production", "d-200"),
    ("/services?environment=staging", "d-201"),
    ("/history", "d-201"),
    ("/deployments/d-200", "d-200"),
    ("/deployments/d-201", "d-201"),
    ("/alerts", None),
    ("/account", None),
)
CONTROLS = "button[data-control], #deploy-form"


async def opened(page: Page, world: DashboardWorld, path: str, shows: str | None) -> None:
    await page.goto(world.url + path)
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    if shows is not None:
        await expect(page.get_by_text(shows, exact=True).first).to_be_visible()


async def test_a_viewer_finds_no_control_on_any_page(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight("d-200"), *in_flight("d-201", "staging"))
        page = await signed_in(browser, world.url, "vi")
        for path, shows in PAGES:
            await opened(page, world, path, shows)
            assert await page.locator(CONTROLS).count() == 0, path
        assert script_errors(page) == []


async def test_a_deployer_of_staging_sees_controls_in_staging_only(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight("d-200"), *in_flight("d-201", "staging"))
        page = await signed_in(browser, world.url, "sam")
        await opened(page, world, "/services?environment=staging", "d-201")
        await expect(page.locator('button[data-control][data-deployment="d-201"]').first).to_be_visible()
        await expect(page.locator("#deploy-environment option")).to_have_text(["staging"])

        await opened(page, world, "/services?environment=production", "d-200")
        assert await page.locator('[data-control][data-deployment="d-200"]').count() == 0
        assert await page.locator('[data-control][data-environment="production"]').count() == 0
        await expect(page.locator("#deploy-environment option")).to_have_text(["staging"])
        assert script_errors(page) == []
