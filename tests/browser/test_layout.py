"""The layout at a phone's 390 px and a desktop's 1440 px, light and dark: nothing scrolls sideways, the nav, the
badge and the user menu are there, the keyboard reaches the skip link first and it moves focus to the content.
Screenshots are saved under the test's tmp dir (pytest keeps the last runs')."""

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.browser import screenshot, script_errors, signed_in
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"]}
  worker: {kind: job, deploy: ["./worker"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def seeded(redis: Redis) -> None:
    services = ["api", "web", "worker"]
    await publish(redis, *story(1, "staging", "ana", services), *story(2, "production", "bo", services, ok=False))
    await publish(redis, *story(3, "staging", "ana", services)[:2])  # still running


async def background(page: Page) -> str:
    color: str = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    return color


@pytest.mark.parametrize("width", [390, 1440])
async def test_the_now_page_fits_the_screen_and_works_by_keyboard(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, width: int
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await seeded(redis_client)
        page = await signed_in(browser, world.url, "vi", width=width, height=900)
        await expect(page.locator('[data-part="recent"] [data-slot="rows"] > li')).to_have_count(2)
        await expect(page.locator('[data-part="in-flight"] [data-slot="rows"] > li')).to_have_count(1)
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        for part in ("header", "main", 'nav[aria-label="Main"]', "#live-status", "details[data-user-menu] summary"):
            await expect(page.locator(part)).to_be_visible()
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
        light = await screenshot(page, tmp_path, f"now-{width}-light")

        await page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to content")
        await expect(skip).to_be_focused()
        await expect(skip).to_be_visible()
        await page.keyboard.press("Enter")
        await expect(page.locator("main")).to_be_focused()

        await page.emulate_media(color_scheme="dark")
        dark_background = await background(page)
        await page.emulate_media(color_scheme="light")
        assert dark_background != await background(page)
        await page.emulate_media(color_scheme="dark")
        dark = await screenshot(page, tmp_path, f"now-{width}-dark")
        assert light.stat().st_size > 0 and dark.stat().st_size > 0
        assert script_errors(page) == []


async def test_the_login_page_fits_a_phone(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        context = await browser.new_context(viewport={"width": 390, "height": 800})
        page = await context.new_page()
        await page.goto(f"{world.url}/")
        await expect(page.get_by_label("Name")).to_be_focused()  # autofocus: type straight away
        overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        await screenshot(page, tmp_path, "login-390")
        await context.close()
