"""A deployment page shows its verification report as evidence: for a failed check what was expected, what came
back and the curl line to reproduce it; for a performance check the new version's figures beside the previous one."""

from datetime import timedelta
from pathlib import Path

from redis.asyncio import Redis

from shared.events import VerificationFailed, VerificationRequested
from shared.events.verification import CheckResult, Figure, VerificationRequestedPayload, VerificationResultPayload
from tests.support.alerting import publish
from tests.support.dashboard_stories import T0, story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def test_the_report_shows_expected_got_reproduce_and_figures(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    smoke = CheckResult(
        kind="smoke",
        name="orders",
        service="api",
        passed=False,
        detail="expected HTTP 200, got HTTP 503: down",
        expected="HTTP 200",
        actual="HTTP 503: down",
        reproduce="curl -sS -i -H 'Authorization: ****' http://api/orders",
    )
    load = CheckResult(
        kind="performance",
        name="load of GET http://api/status",
        service="api",
        passed=True,
        detail="as fast as 1.0: p50 9.0 → 9.5 ms (+6%); p=0.3",
        figures=[Figure(name="p50_ms", current=9.5, previous=9.0), Figure(name="p95_ms", current=12.0, previous=11.0)],
        versions={"current": "1.1", "previous": "1.0"},
    )
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        events = story(1, "staging", "ana", ["api"], ok=False)
        at = T0 + timedelta(minutes=1, seconds=5)
        asked = VerificationRequested(
            occurred_at=at, payload=VerificationRequestedPayload(), deployment_id="d-001", environment="staging"
        )
        result = VerificationResultPayload(results=[smoke, load], summary="1 of 2 checks failed")
        answered = VerificationFailed(
            occurred_at=at + timedelta(seconds=2), payload=result, deployment_id="d-001", environment="staging"
        )
        await publish(redis_client, *events[:-1], asked, answered, events[-1])
        await world.caught_up()
        await world.sign_in("vi")
        page = (await world.client.get("/deployments/d-001")).text
    section = page[page.index('id="verification"') : page.index('id="rollback"')]
    assert "1 of 2 checks failed" in section
    assert 'data-check="smoke" data-passed="false"' in section
    assert '<dt class="font-medium">Expected</dt><dd class="break-words">HTTP 200</dd>' in section
    assert "HTTP 503: down" in section
    assert "curl -sS -i -H &#39;Authorization: ****&#39; http://api/orders" in section
    assert '<th scope="col" class="pr-4 text-right font-medium">1.1</th>' in section
    assert (
        '<th scope="row" class="pr-4 text-left font-normal">p95_ms</th><td class="pr-4 text-right">12.0</td>' in section
    )
