"""Signing in and out in a real browser: a wrong password is told on the page, the right one lands where the
person was headed, a page asked for anonymously goes to the login page first, and signing out ends the session."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def test_a_wrong_password_is_told_and_the_right_one_lands_on_now(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await page.goto(f"{world.url}/login")
        await page.get_by_label("Name").fill("vi")
        await page.get_by_label("Password").fill("not the password")
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.get_by_role("alert")).to_contain_text("wrong name or password")
        assert page.url == f"{world.url}/login"

        await page.get_by_label("Password").fill("correct horse battery staple")
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(f"{world.url}/")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Now")
        await expect(page.locator("header")).to_contain_text("vi")
        assert script_errors(page) == []


async def test_too_many_failed_logins_are_told_with_the_wait(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await page.goto(f"{world.url}/login")
        alert = page.get_by_role("alert")
        for _ in range(12):
            await page.get_by_label("Name").fill("vi")
            await page.get_by_label("Password").fill("guess")
            await page.get_by_role("button", name="Sign in").click()
            await expect(page.get_by_role("button", name="Sign in")).to_be_enabled()
            if "too many failed logins" in (await alert.text_content() or ""):
                break
        await expect(alert).to_contain_text("too many failed logins: try again in")


async def test_an_anonymous_page_request_goes_to_login_and_back_and_sign_out_ends_it(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await page.goto(f"{world.url}/")
        assert page.url == f"{world.url}/login?next=/"
        await sign_in(page, world.url, "vi")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")

        await page.locator("details[data-user-menu] summary").press("Enter")  # by keyboard
        await expect(page.get_by_text("Role: viewer")).to_be_visible()
        await page.get_by_role("button", name="Sign out").click()
        await page.wait_for_url(f"{world.url}/login")
        await page.goto(f"{world.url}/")
        assert page.url == f"{world.url}/login?next=/"
        assert script_errors(page) == []
