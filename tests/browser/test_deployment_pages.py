"""A deployment's page in a real browser: its sections, the timeline filtered on the server, the replay's scrubber
redrawing the graph as it was, the diff of two deployments' versions, and the report: one document that makes no
request of its own (checked in Playwright's request log) and links nowhere else."""

import re
from datetime import timedelta
from pathlib import Path

from playwright.async_api import Browser, Request, expect
from redis.asyncio import Redis

from shared.events import Event, HealthGatePassed, ServiceDeployStarted, ServiceDeploySucceeded
from shared.events.health import HealthGatePassedPayload
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload
from tests.support.alerting import publish
from tests.support.browser import new_page, script_errors, sign_in
from tests.support.dashboard_stories import T0, story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}, production: {}}
services:
  api: {kind: job, deploy: ["./api"]}
  web: {kind: job, deploy: ["./web"], depends_on: [api]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]
SECTIONS = ["summary", "services", "outcome", "timeline", "replay", "log", "verification", "rollback", "incident"]


def with_api_steps(n: int) -> list[Event]:
    """Deployment d-NNN of api and web in staging where api is deployed and passes its gate, then it fails."""
    requested, started, ended = story(n, "staging", "ana", ["api", "web"], ok=False)
    at = T0 + timedelta(minutes=n)
    deployment_id = f"d-{n:03}"
    steps: list[Event] = [
        ServiceDeployStarted(
            occurred_at=at + timedelta(seconds=2),
            payload=ServiceDeployStartedPayload(version=f"1.{n}"),
            deployment_id=deployment_id,
            environment="staging",
            service="api",
        ),
        ServiceDeploySucceeded(
            occurred_at=at + timedelta(seconds=4),
            payload=ServiceDeploySucceededPayload(version=f"1.{n}", duration_s=2),
            deployment_id=deployment_id,
            environment="staging",
            service="api",
        ),
        HealthGatePassed(
            occurred_at=at + timedelta(seconds=5),
            payload=HealthGatePassedPayload(waited_s=1),
            deployment_id=deployment_id,
            environment="staging",
            service="api",
        ),
    ]
    return [requested, started, *steps, ended]


async def test_the_page_has_its_sections_and_filters_its_timeline_on_the_server(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *with_api_steps(1), *story(2, "staging", "bo", ["api"]))
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/deployments/d-001")
        await expect(page.locator("h1")).to_have_text("d-001")
        for section in SECTIONS:
            await expect(page.locator(f'[id="{section}"]')).to_be_visible()
        await expect(page.get_by_role("heading", name="Alerts sent")).to_be_visible()
        await expect(page.locator('header [data-slot="status"]')).to_have_text("failed")
        timeline = page.locator('[data-slot="timeline"] > li')
        await expect(timeline).to_have_count(6)
        await page.get_by_label("Event kind").select_option("service-deploy-started")
        await page.get_by_role("button", name="Filter").click()
        await page.wait_for_url(re.compile(r".*kind=service-deploy-started.*"))
        await expect(timeline).to_have_count(1)
        await page.get_by_label("Service", exact=True).select_option("api")
        await page.get_by_label("Event kind").select_option("")
        await page.get_by_role("button", name="Filter").click()
        await expect(timeline).to_have_count(3)

        await page.get_by_label("Compare versions with deployment").fill("d-002")
        await page.get_by_role("button", name="Compare").click()
        await page.wait_for_url("**/deployments/d-001/diff/d-002")
        await expect(page.locator('tr[data-service="api"]')).to_have_attribute("data-change", "changed")
        await expect(page.locator('tr[data-service="web"]')).to_have_attribute("data-change", "removed")
        assert script_errors(page) == []


async def test_the_replay_scrubber_redraws_the_graph_as_it_was(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *with_api_steps(1))
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/deployments/d-001")
        api = page.locator('[data-slot="replay-frame"] [data-service="api"]')
        await expect(api).to_have_class(re.compile(r"\bhealth-healthy\b"))
        scrubber = page.get_by_label("Moment")
        await scrubber.fill("0")  # deploy-requested: nothing had happened to api yet
        await expect(api).to_have_class(re.compile(r"\bhealth-unknown\b"))
        await expect(page.locator('[data-slot="replay-time"]')).to_have_text("2026-11-01T00:01:00.000Z")
        await scrubber.fill("2")  # api's deploy started
        await expect(api).to_have_class(re.compile(r"\bstep-deploying-1-1\b"))
        await page.get_by_role("button", name="Play").click()
        await expect(api).to_have_class(re.compile(r"\bhealth-healthy\b"))
        await expect(page.get_by_role("button", name="Play")).to_be_visible()  # it stopped at the end
        assert script_errors(page) == []


async def test_the_report_is_one_document_that_requests_nothing_and_links_nowhere(
    redis_url: str, redis_client: Redis, tmp_path: Path, browser: Browser
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *with_api_steps(1))
        page = await new_page(browser)
        await sign_in(page, world.url, "vi", next_path="/deployments/d-001")
        link = page.get_by_role("link", name="Download report")
        assert await link.get_attribute("href") == "/deployments/d-001/report"
        asked: list[str] = []

        def record(request: Request) -> None:
            asked.append(request.url)

        page = await page.context.new_page()  # its own tab: the deployment page's late fetches are not the report's
        page.on("request", record)
        answer = await page.goto(f"{world.url}/deployments/d-001/report")
        assert answer is not None and answer.ok
        await expect(page.locator("h1")).to_contain_text("d-001")
        await expect(page.locator('[data-slot="ttd"]')).to_have_count(0)  # no incident: said in words
        await expect(page.get_by_text("No incident was opened.")).to_be_visible()
        await expect(page.locator("svg [data-service='api']")).to_have_count(1)
        assert asked == [f"{world.url}/deployments/d-001/report"]
        html = await answer.text()
        links = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html)
        assert links and all(target.startswith("#") for target in links), links
        assert "<script" not in html and "/static/" not in html
        assert await page.evaluate("getComputedStyle(document.body).fontFamily") != ""
        assert "@media print" in html
