"""Starting a deployment from the Now page, in a real browser: a deployer of staging finds the form with staging
only, previews the deployment and confirms it, and the request is on the stream with who asked and why; a viewer
finds no form."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.events import Event
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.deploy_world import events
from tests.support.inprocess import eventually
from tests.support.services_stories import PLAN, live_everywhere

USERS: list[User] = [("dee", "deployer", ("staging",)), ("vi", "viewer", ("*",))]


async def test_a_deployer_starts_a_deployment_from_the_now_page(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere())
        page = await signed_in(browser, world.url, "dee")
        await page.goto(f"{world.url}/")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await page.locator("#start-deployment summary").click()
        form = page.locator("#deploy-form")
        await expect(form.get_by_label("Environment").locator("option")).to_have_text(["staging"])
        await form.get_by_label("Version for every service").fill("3.0")
        await form.get_by_label("Reason").fill("release 3")
        await form.get_by_role("button", name="Preview the deployment").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li').first).to_contain_text("→ 3.0")
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("Done")

        async def asked() -> list[Event]:
            return [e for e in await events(redis_client) if e.type == "deploy-requested"]

        await eventually(asked)
        (event,) = await asked()
        said = event.payload.model_dump()
        assert (event.environment, said["version"], said["reason"], said["requested_by"]) == (
            "staging",
            "3.0",
            "release 3",
            "dee",
        )
        assert script_errors(page) == []

        viewer = await signed_in(browser, world.url, "vi")
        await viewer.goto(f"{world.url}/")
        await expect(viewer.locator("h1")).to_have_text("Now")
        assert await viewer.locator("#deploy-form").count() == 0
        assert await viewer.locator("#start-deployment").count() == 0
