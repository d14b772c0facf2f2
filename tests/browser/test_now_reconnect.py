"""A live connection that drops comes back by itself: the badge says reconnecting then live, and the page reads on
from the last stream id it saw, so an event published while it was away still reaches the page, without a reload.
The drop is made by routing the page's WebSocket through Playwright and closing it, as a restart would."""

import re
from pathlib import Path

from playwright.async_api import Browser, WebSocketRoute, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world
from tests.support.live_clients import stream_ids

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
# Every state the badge leaves, recorded in the page: a moment of "reconnecting" is seen however short it is.
WATCH_BADGE = """() => {
  window.left = [];
  const badge = document.getElementById("live-status");
  new MutationObserver((changes) => changes.forEach((c) => window.left.push(c.oldValue)))
    .observe(badge, { attributes: true, attributeFilter: ["data-state"], attributeOldValue: true });
}"""


async def test_a_dropped_connection_reads_on_from_its_last_id_and_the_page_catches_up(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    sockets: list[WebSocketRoute] = []

    def through(socket: WebSocketRoute) -> None:
        socket.connect_to_server()
        sockets.append(socket)

    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await page.route_web_socket(re.compile(r"/api/v1/live"), through)
        await sign_in(page, world.url, "vi")
        badge, recent = page.locator("#live-status"), page.locator('[data-part="recent"]')
        await expect(badge).to_have_attribute("data-state", "live")
        await page.evaluate("window.sameDocument = true")
        await page.evaluate(WATCH_BADGE)

        requested, started, succeeded = story(1, "staging", "ana", ["api"])
        await publish(redis_client, requested, started)
        await expect(page.locator('li[data-deployment="d-001"] [data-slot="status"]')).to_have_text("running")
        seen = (await stream_ids(redis_client))[-1]

        await sockets[0].close(code=1012, reason="the dashboard restarts")
        await page.wait_for_function("window.left.length > 0")  # the page saw it go
        await publish(redis_client, succeeded)  # while the page is away, or as it comes back
        await expect(recent.locator('li[data-deployment="d-001"] [data-slot="status"]')).to_have_text("succeeded")
        await expect(badge).to_have_attribute("data-state", "live")
        assert await page.evaluate("window.left") == ["live", "reconnecting"]

        assert "snapshot=true" in sockets[0].url  # the first connection starts from a snapshot
        assert len(sockets) == 2 and sockets[1].url.endswith(f"/api/v1/live?last_id={seen}")
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []


async def test_a_page_whose_session_ended_goes_to_the_login_page_when_its_connection_drops(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    sockets: list[WebSocketRoute] = []

    def through(socket: WebSocketRoute) -> None:
        socket.connect_to_server()
        sockets.append(socket)

    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await page.route_web_socket(re.compile(r"/api/v1/live"), through)
        await sign_in(page, world.url, "vi")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        csrf = await page.locator('meta[name="csrf-token"]').get_attribute("content")
        ended = await page.request.post(f"{world.url}/api/v1/logout", headers={"X-CSRF-Token": csrf or ""})
        assert ended.status == 204  # signed out elsewhere (another tab): this page does not know yet

        await sockets[0].close(code=1012, reason="the dashboard restarts")
        await page.wait_for_url(f"{world.url}/login?next=%2F")
        await expect(page.get_by_label("Name")).to_be_visible()
