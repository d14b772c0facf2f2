"""The Now page asks the API again when a fetch of a deployment gets no answer (a network blip, a dashboard going
away while the page catches up): the deployment's row still comes to show what its events said, without another
event and without a reload."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import signed_in, unanswered
from tests.support.dashboard_world import User, dashboard_world
from tests.support.flight_events import attempt, started

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def test_a_deployment_whose_fetch_got_no_answer_is_asked_for_again(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await signed_in(browser, world.url, "vi")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await page.evaluate("window.sameDocument = true")
        refused = await unanswered(page, "**/api/v1/deployments/d-1", 2)
        await publish(redis_client, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        api = page.locator('[data-progress="d-1"] [data-service="api"]')
        await expect(api.locator("[data-step]")).to_have_text(["Deploy attempt 1 (2.0): running since 12:00:10"])
        assert len(refused) == 2
        assert await page.evaluate("window.sameDocument") is True
