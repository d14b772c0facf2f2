"""Needs attention's controls, in a real browser: a deployer on any page finds a paused deployment's Retry, Resume
and Roll back beside it, one click from the confirmation, and once it is retried the need is gone from the list
without a reload; a deployer of another environment is offered none."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.events import Event
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.deploy_world import events
from tests.support.flight_events import attempt, failed, paused, started
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("dee", "deployer", ("staging",)), ("pat", "deployer", ("production",))]


async def test_a_paused_deployment_is_retried_from_needs_attention_on_another_page(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), paused("d-1", "api", "api failed"))
        await world.caught_up()
        page = await signed_in(browser, world.url, "dee")
        await page.goto(f"{world.url}/alerts")
        attention = page.locator("#attention")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        need = attention.locator('li[data-need="paused"]')
        await expect(need.locator("button[data-control]")).to_have_text(["Retry", "Resume", "Roll back"])

        other = await signed_in(browser, world.url, "pat")
        await other.goto(f"{world.url}/alerts")
        await expect(other.locator('#attention li[data-need="paused"]')).to_contain_text("d-1 in staging is paused")
        assert await other.locator("#attention button[data-control]").count() == 0, "not pat's environment"

        await need.get_by_role("button", name="Retry d-1").click()
        dialog = page.locator("#confirm-dialog")
        await dialog.get_by_label("Reason").fill("the registry was down")
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("d-1")

        async def asked() -> list[Event]:
            return [e for e in await events(redis_client, "d-1") if e.type == "resume-requested"]

        await eventually(asked)
        (event,) = await asked()
        assert event.payload.model_dump()["action"] == "retry"
        await expect(attention).to_have_attribute("data-state", "empty")
        assert script_errors(page) == []
