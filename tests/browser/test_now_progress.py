"""The Now page's live timeline in a real browser: a deployment's waves, a service's attempts and its command's log
lines appear without a reload, a retried service keeps both attempts (live and as the server renders them), and a
log line with markup in it shows as text."""

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.flight_events import attempt, failed, gate, log_line, started

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"], depends_on: [api]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1><script>window.hacked=2</script>"
FIRST = "Deploy attempt 1 (2.0): failed after 4.5 s, exit 3: exit 3"
SECOND = "Deploy attempt 2 (2.0): running since 12:00:20"


async def live_now(page: Page) -> None:
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    await page.evaluate("window.sameDocument = true")  # gone after a reload


async def test_waves_attempts_and_log_lines_appear_live_and_a_retry_keeps_both_attempts(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await signed_in(browser, world.url, "vi")
        await live_now(page)
        await publish(redis_client, *started("d-1", [["api"], ["web"]]))
        flight = page.locator('[data-progress="d-1"]')
        await expect(flight.locator("[data-wave] > h4")).to_have_text(["Wave 1", "Wave 2"])
        api = flight.locator('[data-service="api"]')

        await publish(redis_client, attempt("d-1", "api", 1))
        await expect(api.locator("[data-step]")).to_have_text(["Deploy attempt 1 (2.0): running since 12:00:10"])
        await expect(flight.locator('[data-slot="waiting"]')).to_have_text("Waiting for the command of api")
        await log_line(redis_client, "d-1", "api", f"building {MARKUP}")
        await expect(api.locator('[data-slot="log-tail"] li')).to_contain_text([f"building {MARKUP}"])

        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), attempt("d-1", "api", 2))
        await expect(api.locator("[data-step]")).to_have_text([FIRST, SECOND])
        await expect(api.locator('[data-step][data-outcome="failed"]')).to_have_count(1)
        await log_line(redis_client, "d-1", "api", "second try")
        await expect(api.locator('[data-slot="log-tail"] li')).to_have_count(2)
        await publish(redis_client, gate("d-1", "web"))
        await expect(flight.locator('[data-slot="waiting"]')).to_have_text("Waiting for the health gate of web")
        assert await page.locator('[data-progress="d-1"] img, [data-progress="d-1"] script').count() == 0
        assert await page.evaluate("window.hacked") is None
        assert await page.evaluate("window.sameDocument") is True

        await page.reload()  # the same, rendered by the server
        await live_now(page)
        await expect(api.locator("[data-step]")).to_have_text([FIRST, SECOND])
        await expect(api.locator('[data-slot="log-tail"] li')).to_contain_text([f"building {MARKUP}", "second try"])
        for n in range(3, 7):  # more than the last few: the rest behind a disclosure
            await log_line(redis_client, "d-1", "api", f"line {n}")
        await api.get_by_text("All 6 log lines").click()
        await expect(api.locator('[data-slot="log-all"] li')).to_have_count(6)
        await expect(api.locator('[data-slot="log-tail"] li')).to_have_count(5)
        await expect(api.locator('[data-slot="log-all"] li').first).to_contain_text(f"building {MARKUP}")
        assert await page.evaluate("window.hacked") is None
        assert script_errors(page) == []
