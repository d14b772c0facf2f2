"""Needs attention's controls, in a real browser: a deployer on any page finds a paused deployment's Retry, Resume
and Roll back beside it, one click from the confirmation, and once it is retried the need is gone from the list
without a reload; a deployer of another environment is offered none. A failed deployment's Roll back deploys again
what ran before it, previewed like any deployment."""

from pathlib import Path

from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.events import DeploymentFailed, DeploymentSucceeded, Event
from shared.events.deployment import DeploymentFailedPayload, DeploymentSucceededPayload
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.deploy_world import events
from tests.support.flight_events import at, attempt, failed, paused, started
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


async def test_a_failed_deployment_is_rolled_back_from_needs_attention_by_deploying_what_ran_before(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        ended = DeploymentFailed(
            occurred_at=at(70),
            deployment_id="d-1",
            environment="staging",
            payload=DeploymentFailedPayload(reason="exit 3"),
        )
        before = DeploymentSucceeded(
            occurred_at=at(-600),
            deployment_id="d-0",
            environment="staging",
            payload=DeploymentSucceededPayload(duration_s=5, versions={"api": "1.0"}),
        )
        await publish(redis_client, before, *started("d-1", [["api"]]), attempt("d-1", "api", 1))
        await publish(redis_client, failed("d-1", "api", 1, "exit 3"), ended)
        await world.caught_up()
        page = await signed_in(browser, world.url, "dee")
        await page.goto(f"{world.url}/history")
        need = page.locator('#attention li[data-need="failed"]')
        await expect(need).to_contain_text("d-1 in staging failed and was not rolled back: exit 3")
        await need.get_by_role("button", name="Roll back staging to api 1.0").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li')).to_have_text(["api 1.0 → 1.0 (wave 1)"])
        await expect(dialog.get_by_label("Reason")).to_have_value("roll back to api 1.0")
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("Done")

        async def asked() -> list[Event]:
            return [e for e in await events(redis_client) if e.type == "deploy-requested" and e.deployment_id != "d-1"]

        await eventually(asked)
        (event,) = await asked()
        said = event.payload.model_dump()
        assert (said["versions"], said["redeploy"], said["requested_by"]) == ({"api": "1.0"}, True, "dee")
        assert script_errors(page) == []
