"""The History page in a real browser: its filters run on the server over the whole history (more deployments than
a page, so a filter over the rows loaded would find fewer), the older link pages on, a search finds a log line and
its permalink lands on that line, and markup in a reason or a log line shows as text."""

from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from shared.events import Event
from shared.streams import Keys
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"], depends_on: [api]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1><script>window.hacked=2</script>"
ROWS = 'ul[data-slot="rows"] > li'


def history(count: int) -> list[Event]:
    """d-001..d-NNN: odd ones in production, every third asked for by ana."""
    events: list[Event] = []
    for n in range(1, count + 1):
        events += story(n, "production" if n % 2 else "staging", "ana" if n % 3 == 0 else "bo", ["api", "web"])
    return events


async def log(redis: Redis, deployment_id: str, lines: list[str]) -> list[str]:
    ids = []
    for line in lines:
        fields = {"service": "api", "stream": "stdout", "line": line, "ts": "0"}
        added = await redis.xadd(Keys().deployment_log(deployment_id), fields)  # type: ignore[arg-type]
        ids.append(added.decode() if isinstance(added, bytes) else str(added))
    return ids


async def shown(page: Page, count: int) -> None:
    await expect(page.locator(ROWS)).to_have_count(count)


async def test_the_filters_run_on_the_server_over_the_whole_history_and_the_older_link_pages_on(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *history(60))
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/history")
        await shown(page, 50)
        await expect(page.locator(ROWS).first).to_have_attribute("data-deployment", "d-060")
        await page.get_by_role("link", name="Older deployments").click()
        await shown(page, 10)
        await expect(page.locator('[data-slot="older"]')).to_have_count(0)

        await page.goto(f"{world.url}/history")
        await page.get_by_label("Environment").fill("production")
        await page.get_by_role("button", name="Show").click()
        await page.wait_for_url("**/history?environment=production")
        await shown(page, 30)  # of the 50 shown before, only 25 were in production: this came from the server
        await expect(page.locator(ROWS).filter(has_text="in staging")).to_have_count(0)

        await page.get_by_label("Who").fill("ana")
        await page.get_by_role("button", name="Show").click()
        await shown(page, 10)
        assert "who=ana" in page.url and "environment=production" in page.url
        await page.get_by_label("Status").select_option("failed")
        await page.get_by_role("button", name="Show").click()
        await expect(page.locator('[data-part="history"]')).to_have_attribute("data-state", "empty")
        await expect(page.get_by_text("No deployment matches these filters.")).to_be_visible()
        assert script_errors(page) == []


async def test_a_search_finds_a_log_line_and_its_permalink_lands_on_it(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        filler = [f"step {n} of the warm-up went fine" for n in range(620)]
        ids = await log(redis_client, "d-005", [*filler[:560], "cache warm-up timed out on shard-seven", *filler[560:]])
        await publish(redis_client, *history(8))
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/history?q=shard-seven")
        hit = page.locator('li[data-hit="d-005"]')
        await expect(hit).to_have_count(1)
        await expect(page.locator("li[data-hit]")).to_have_count(1)
        await expect(hit.locator('[data-slot="snippet"]')).to_contain_text("timed out on shard-seven")
        await hit.get_by_role("link", name="d-005").click()
        await page.wait_for_url(f"**/deployments/d-005?log_at={ids[560]}#log-{ids[560]}")
        line = page.locator(f'[id="log-{ids[560]}"]')
        await expect(line).to_contain_text("cache warm-up timed out on shard-seven")
        await expect(line).to_be_in_viewport()
        assert await page.evaluate("document.querySelector(':target')?.id") == f"log-{ids[560]}"
        assert script_errors(page) == []


async def test_markup_in_a_reason_or_a_log_line_shows_as_text(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await log(redis_client, "d-001", [MARKUP])
        events = story(1, "staging", "<b>ana</b>", ["api"])
        asked = events[0].payload.model_copy(update={"reason": MARKUP})
        events[0] = events[0].model_copy(update={"payload": asked})
        await publish(redis_client, *events)
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/history")
        await expect(page.locator('li[data-deployment="d-001"]')).to_contain_text(MARKUP)
        await page.goto(f"{world.url}/deployments/d-001")
        await expect(page.locator('[data-fact="Reason"]')).to_have_text(MARKUP)
        await expect(page.locator('[data-fact="Requested by"]')).to_have_text("<b>ana</b>")
        await expect(page.locator('[data-slot="log"] li')).to_have_text(f"api {MARKUP}")
        assert await page.locator("main img, main script, main b").count() == 0
        assert await page.evaluate("window.hacked") is None
        assert script_errors(page) == []
