"""The Services page in a real browser: the matrix shows drift in words, the dependency graph recolours live when
a service's health changes and rings the root cause, what people typed shows as text, and the page breaks no
WCAG rule in light and dark."""

from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest
from playwright.async_api import Browser, expect
from redis.asyncio import Redis

from shared.events import DeploymentPaused
from shared.events.recovery import DeploymentPausedPayload
from tests.browser.test_accessibility import AXE, violations
from tests.support.alerting import publish
from tests.support.browser import script_errors, sign_in, signed_in
from tests.support.dashboard_world import User, dashboard_world
from tests.support.services_stories import PLAN, drift, health, in_flight, live_everywhere

USERS: list[User] = [("dee", "deployer", ("*",)), ("vi", "viewer", ("*",))]
MARKUP = "<img src=x onerror=window.hacked=1>"


async def test_the_matrix_shows_drift_and_the_graph_recolours_live(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), health("api", "healthy"), drift("web", "0.9"))
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/services?environment=staging")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await page.evaluate("window.sameDocument = true")
        web = page.locator('[data-cell="web@staging"]')
        await expect(web).to_have_attribute("data-drift", "true")
        await expect(web.locator('[data-slot="drift"]')).to_have_text("⚠ Drift: reports 0.9, desired 1.0")
        await expect(page.locator('[data-cell="api@staging"]')).to_have_attribute("data-drift", "false")
        node = page.locator('#services-graph a[data-service="api"]')
        await expect(node).to_have_class("node health-healthy")

        await publish(redis_client, health("api", "unhealthy", minutes=500))
        await expect(node).to_have_class("node health-unhealthy")
        await expect(page.locator('[data-cell="api@staging"]')).to_have_attribute("data-health", "unhealthy")
        assert await page.evaluate("window.sameDocument") is True
        assert script_errors(page) == []


async def test_a_failed_deployment_rings_its_root_cause_and_dashes_what_depends_on_it(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    flying = in_flight(environment="staging")
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *flying)
        page = await signed_in(browser, world.url, "vi")
        await page.goto(f"{world.url}/services?environment=staging")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        paused = DeploymentPaused(
            occurred_at=flying[-1].occurred_at + timedelta(seconds=5),
            payload=DeploymentPausedPayload(reason="api failed", failed_services=["api"]),
            deployment_id="d-200",
            environment="staging",
        )
        await publish(redis_client, paused)
        await expect(page.locator('#services-graph a[data-service="api"]')).to_have_class(
            "node health-unknown step-deploying root-cause"
        )
        await expect(page.locator('#services-graph a[data-service="web"]')).to_have_class(
            "node health-unknown impacted"
        )


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_services_page_shows_typed_markup_as_text_and_breaks_no_wcag_rule(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser, scheme: Literal["light", "dark"]
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *live_everywhere(), *in_flight(reason=MARKUP), drift("web", "0.9"))
        context = await browser.new_context(
            bypass_csp=True, color_scheme=scheme, viewport={"width": 390, "height": 900}
        )
        page = await context.new_page()
        await sign_in(page, world.url, "dee", next_path="/services")
        await expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
        await expect(page.locator('[data-deeds] [data-slot="why"]').first).to_have_text(MARKUP)
        assert await page.locator("#services-deeds img").count() == 0
        assert await page.evaluate("window.hacked") is None
        assert AXE.exists()
        assert await violations(page) == []  # the graph nodes' names too: they start with the words shown
        await context.close()
