"""The controls with their safety, in a real browser: a production rollback shows what it will do (services,
versions from and to, the blast radius) and enables Confirm only once the environment's name is typed and a reason
given, then the request is on the stream; a new deployment is previewed with what depends on it; a viewer sees no
control and the API refuses a viewer's request anyway."""

from datetime import timedelta
from pathlib import Path

from playwright.async_api import Browser, Page, expect
from redis.asyncio import Redis

from shared.events import DeploymentPaused, DeploymentSucceeded, Event
from shared.events.deployment import DeploymentSucceededPayload
from shared.events.recovery import DeploymentPausedPayload
from tests.support.alerting import publish
from tests.support.browser import script_errors, signed_in
from tests.support.dashboard_world import DashboardWorld, User, dashboard_world
from tests.support.deploy_world import events
from tests.support.inprocess import eventually
from tests.support.services_stories import PLAN, in_flight, live_everywhere

USERS: list[User] = [("dee", "deployer", ("*",)), ("vi", "viewer", ("*",))]


async def services_page(browser: Browser, world: DashboardWorld, who: str, environment: str) -> Page:
    page = await signed_in(browser, world.url, who)
    await page.goto(f"{world.url}/services?environment={environment}")
    await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    return page


async def requested(redis: Redis, deployment_id: str, kind: str) -> list[Event]:
    return [event for event in await events(redis, deployment_id) if event.type == kind]


async def test_a_production_rollback_needs_the_name_typed_and_a_reason_then_goes_on_the_stream(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight())
        page = await services_page(browser, world, "dee", "production")
        await page.get_by_role("button", name="Roll back d-200 (api)").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li')).to_have_text(["api 2.0 → 1.0 (wave 2)"])
        await expect(dialog.locator('[data-slot="radius"] li')).to_have_text(["web"])
        await expect(dialog.locator('[data-slot="order"]')).to_have_text("reverse wave order")
        go = dialog.get_by_role("button", name="Confirm")
        await expect(go).to_be_disabled()
        await dialog.get_by_label("Reason").fill("api 2.0 answers 500s")
        await expect(go).to_be_disabled()
        typed = dialog.get_by_label("type production to confirm")
        await typed.fill("productio")
        await expect(go).to_be_disabled()
        await typed.fill("production")
        await expect(go).to_be_enabled()
        await go.click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("d-200")

        async def asked() -> list[Event]:
            return await requested(redis_client, "d-200", "rollback-requested")

        await eventually(asked)
        (event,) = await asked()
        said = event.payload.model_dump()
        assert (said["requested_by"], said["reason"], said["services"]) == ("dee", "api 2.0 answers 500s", ["api"])
        assert script_errors(page) == []


async def test_a_new_deployment_is_previewed_with_its_blast_radius_and_sent_with_its_reason(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere())
        page = await services_page(browser, world, "dee", "staging")
        form = page.locator("#deploy-form")
        await form.get_by_label("Environment").select_option("staging")
        await form.get_by_label("db", exact=True).fill("3.0")
        await form.get_by_label("Reason").fill("new <b>schema</b>")
        await form.get_by_role("button", name="Preview the deployment").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li')).to_have_text(["db 1.0 → 3.0 (wave 1)"])
        await expect(dialog.locator('[data-slot="radius"] li')).to_have_text(["api", "worker", "web"])
        await expect(dialog.locator('[data-slot="production"]')).to_be_hidden()
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("Done")

        async def asked() -> list[Event]:
            return [e for e in await events(redis_client) if e.type == "deploy-requested"]

        await eventually(asked)
        (event,) = await asked()
        said = event.payload.model_dump()
        assert (said["versions"], said["reason"], said["requested_by"]) == ({"db": "3.0"}, "new <b>schema</b>", "dee")
        assert event.environment == "staging"
        assert script_errors(page) == []


async def test_a_viewer_sees_no_control_and_the_api_refuses_the_viewer_anyway(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight())
        deployer = await services_page(browser, world, "dee", "production")
        await expect(deployer.get_by_role("button", name="Roll back d-200 (api)")).to_be_visible()
        page = await services_page(browser, world, "vi", "production")
        await expect(page.locator('[data-cell="api@production"] [data-slot="version"]')).to_have_text("1.0")
        assert await page.locator("button[data-control]").count() == 0
        assert await page.locator("#deploy-form").count() == 0
        status = await page.evaluate(
            """async () => (await fetch("/api/v1/deployments/d-200/rollback", {
                method: "POST",
                headers: {"Content-Type": "application/json",
                          "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content},
                body: JSON.stringify({reason: "a viewer tries", confirm: "production"}),
            })).status"""
        )
        assert status == 403
        assert await requested(redis_client, "d-200", "rollback-requested") == []


async def test_the_api_s_refusal_shows_in_the_dialog_when_the_deployment_ended_meanwhile(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    flying = in_flight(environment="staging")
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *flying)
        page = await services_page(browser, world, "dee", "staging")
        await page.get_by_role("button", name="Roll back d-200 (db)").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li')).to_have_text(["db 2.0 → 1.0 (wave 1)"])
        await expect(dialog.locator('[data-slot="radius"] li')).to_have_text(["api", "worker", "web"])
        ended = DeploymentSucceeded(
            occurred_at=flying[-1].occurred_at + timedelta(seconds=5),
            payload=DeploymentSucceededPayload(duration_s=5, versions={"db": "2.0", "api": "2.0"}),
            deployment_id="d-200",
            environment="staging",
        )
        await publish(redis_client, ended)
        await expect(page.locator('[data-cell="db@staging"] [data-slot="version"]')).to_have_text("2.0")
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="error"]')).to_contain_text("Refused (409): d-200 is succeeded")
        assert await requested(redis_client, "d-200", "rollback-requested") == []


async def test_a_paused_deployment_offers_retry_of_its_failed_services_and_resume(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    flying = in_flight(environment="staging")
    paused = DeploymentPaused(
        occurred_at=flying[-1].occurred_at + timedelta(seconds=5),
        payload=DeploymentPausedPayload(reason="api failed", failed_services=["api"]),
        deployment_id="d-200",
        environment="staging",
    )
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *flying, paused)
        page = await services_page(browser, world, "dee", "staging")
        row = page.locator('#services-flying li[data-deployment="d-200"]')
        await expect(row.locator("button")).to_have_text(["Cancel", "Retry", "Resume", "Roll back"])
        await row.get_by_role("button", name="Retry d-200").click()
        dialog = page.locator("#confirm-dialog")
        await expect(dialog.locator('[data-slot="steps"] li')).to_have_text(["api 1.0 → 2.0 (wave 2)"])
        await dialog.get_by_role("button", name="Confirm").click()
        await expect(dialog.locator('[data-slot="done"]')).to_contain_text("d-200")

        async def asked() -> list[Event]:
            return await requested(redis_client, "d-200", "resume-requested")

        await eventually(asked)
        (event,) = await asked()
        assert event.payload.model_dump()["action"] == "retry"
        viewer = await services_page(browser, world, "vi", "staging")
        await expect(viewer.locator('#services-flying li[data-deployment="d-200"]')).to_contain_text("by ana")
        assert await viewer.locator("#services-flying button").count() == 0
