"""The controls on a deployment's own page, in a real browser: a deployer sees those its status allows, and the
page swaps them as the status changes live (a pause brings Retry and Resume); a production rollback from there
needs the name typed and a reason, then is on the stream; a viewer sees no control and no confirmation."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.events import DeploymentPaused, Event
from shared.events.recovery import DeploymentPausedPayload
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.deploy_world import events
from tests.support.inprocess import eventually
from tests.support.services_stories import PLAN, in_flight, live_everywhere

USERS: list[User] = [("dee", "deployer", ("*",)), ("vi", "viewer", ("*",))]


async def test_the_deployment_page_offers_its_controls_live_and_a_rollback_needs_the_name_typed(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight())
        page = await signed_in(browser, world.url, "dee")
        await page.goto(f"{world.url}/deployments/d-200")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        controls = page.locator('header [data-slot="controls"] button[data-control]')
        await expect(controls).to_have_text(["Cancel", "Roll back"])
        await expect(page.get_by_role("button", name="Retry d-200")).to_have_count(0)

        paused = DeploymentPaused(
            deployment_id="d-200", environment="production", payload=DeploymentPausedPayload(reason="api failed")
        )
        await publish(redis_client, paused)
        await expect(page.get_by_role("button", name="Retry d-200")).to_be_visible()
        await expect(page.get_by_role("button", name="Resume d-200")).to_be_visible()

        await page.get_by_role("button", name="Roll back d-200").click()
        dialog = page.locator("#confirm-dialog")
        go = dialog.get_by_role("button", name="Confirm")
        await expect(dialog.locator('[data-slot="steps"] li')).not_to_have_count(0)
        await dialog.get_by_label("Reason").fill("api 2.0 fails its gate")
        await expect(go).to_be_disabled()
        await dialog.get_by_label("type production to confirm").fill("production")
        await expect(go).to_be_enabled()
        await go.click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("d-200")

        async def asked() -> list[Event]:
            return [e for e in await events(redis_client, "d-200") if e.type == "rollback-requested"]

        await eventually(asked)
        (event,) = await asked()
        assert (event.payload.model_dump()["requested_by"], event.payload.model_dump()["reason"]) == (
            "dee",
            "api 2.0 fails its gate",
        )
        assert script_errors(page) == []

        viewer = await signed_in(browser, world.url, "vi")
        await viewer.goto(f"{world.url}/deployments/d-200")
        await expect(viewer.locator("h1")).to_have_text("d-200")
        assert await viewer.locator("button[data-control]").count() == 0
        assert await viewer.locator("#confirm-dialog").count() == 0
