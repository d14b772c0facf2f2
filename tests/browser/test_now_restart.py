"""The Now page lives through a restart of the dashboard: it says reconnecting while the process is gone, comes
back live by itself when it is started again on the same port, and catches up on what happened meanwhile (a
retried service's second attempt), without a reload."""

from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from services.dashboard.auth.users import UserStore
from shared.keys.auth import AuthKeys
from shared.redis_process import free_port
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import PASSWORD
from tests.support.flight_events import attempt, failed, started
from tests.support.restartable import dashboard_on

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""


async def test_a_restart_of_the_dashboard_is_caught_up_without_a_reload(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    plan, port = tmp_path / "flightdeck.yaml", free_port()
    plan.write_text(PLAN)
    await UserStore(redis_client, AuthKeys.of(Keys())).add("vi", "viewer", PASSWORD, datetime.now(UTC), ("*",))
    async with dashboard_on(redis_url, plan, port) as url:
        page = await signed_in(browser, url, "vi")
        badge = page.locator("#live-status")
        await expect(badge).to_have_attribute("data-state", "live")
        await page.evaluate("window.sameDocument = true")
        await publish(redis_client, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        api = page.locator('[data-progress="d-1"] [data-service="api"]')
        await expect(api.locator("[data-step]")).to_have_text(["Deploy attempt 1 (2.0): running since 12:00:10"])
    await expect(badge).not_to_have_attribute("data-state", "live")  # the process is gone

    await publish(redis_client, failed("d-1", "api", 1, "exit 3"), attempt("d-1", "api", 2))  # while it is away
    async with dashboard_on(redis_url, plan, port):
        await expect(badge).to_have_attribute("data-state", "live")
        await expect(api.locator("[data-step]")).to_have_text(
            [
                "Deploy attempt 1 (2.0): failed after 4.5 s, exit 3: exit 3",
                "Deploy attempt 2 (2.0): running since 12:00:20",
            ]
        )
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []
