"""Your API tokens in a real browser: a token made is shown once with a warning and a copy button, works with the
API, is listed by name (and no longer shown) after a reload, and once revoked the API refuses it. Nobody but an
admin sees the Users link or gets the Users page."""

from pathlib import Path

import httpx
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from tests.browser.alerts_world import PLAN, USERS
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_world import dashboard_world


async def test_a_token_is_shown_once_listed_after_a_reload_and_refused_once_revoked(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        page = await new_page(browser)
        await sign_in(page, world.url, "dee", next_path="/account")
        assert await page.get_by_label("Role").locator("option").all_inner_texts() == ["viewer", "deployer"]
        await page.get_by_label("Name", exact=True).fill("ci-bot")
        await page.get_by_label("Role").select_option("viewer")
        await page.get_by_role("button", name="Create token").click()
        made = page.locator("[data-made-token]")
        await expect(made).to_be_visible()
        await expect(made).to_contain_text("it is shown this once")
        await expect(made.get_by_role("button", name="Copy")).to_be_visible()
        secret = await made.get_by_label("The new token").input_value()
        assert secret.startswith("fd_")
        row = page.locator('[data-tokens] li:has([data-slot="name"]:text-is("ci-bot"))')
        await expect(row.locator('[data-slot="scope"]')).to_have_text("viewer in staging")

        async with httpx.AsyncClient(base_url=world.url) as api:
            bearer = {"Authorization": f"Bearer {secret}"}
            assert (await api.get("/api/v1/deployments", headers=bearer)).status_code == 200
            await page.reload()
            await expect(page.locator("[data-made-token]")).to_be_hidden()
            assert secret not in await page.content()
            await expect(row).to_have_count(1)
            await expect(row.locator('[data-slot="last-used"]')).to_contain_text("last used 20")

            page.once("dialog", lambda dialog: dialog.accept())
            await row.get_by_role("button", name="Revoke ci-bot").click()
            await expect(row).to_have_attribute("data-state", "revoked")
            await expect(row.locator('[data-slot="revoked"]')).to_contain_text("revoked 20")
            await expect(row.get_by_role("button")).to_have_count(0)
            assert (await api.get("/api/v1/deployments", headers=bearer)).status_code == 401
        assert script_errors(page) == []


async def test_only_an_admin_sees_the_users_link_and_page(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        for name, admin in (("dee", False), ("vi", False), ("ad", True)):
            page = await new_page(browser)
            await sign_in(page, world.url, name)
            await page.locator("details[data-user-menu] summary").click()
            menu = page.locator("details[data-user-menu]")
            await expect(menu.get_by_role("link", name="Your API tokens")).to_be_visible()
            await expect(menu.get_by_role("link", name="Users and all tokens")).to_have_count(1 if admin else 0)
            answer = await page.goto(f"{world.url}/users")
            assert answer is not None and answer.status == (200 if admin else 403)
            if not admin:
                await expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
            await page.context.close()
