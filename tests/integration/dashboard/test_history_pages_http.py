"""The History and deployment pages over HTTP: an anonymous request is sent to sign in (a replay frame and a report
too), a form value the page cannot use is a 400 naming the field, an unknown deployment a 404, a replay frame is SVG
of the graph at that moment (a time it cannot read: 422 naming `at`), and the report allows itself nothing else."""

from pathlib import Path

from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS: list[User] = [("vi", "viewer", ("*",))]


async def test_the_pages_answer_as_a_browser_and_a_person_need(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS) as world:
        await publish(redis_client, *story(1, "staging", "ana", ["api"]))
        client = world.client
        for path in ("/history?who=ana", "/deployments/d-001", "/deployments/d-001/report"):
            anonymous = await client.get(path)
            assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=/")
        replay = await client.get("/deployments/d-001/replay", params={"at": "2026-11-01T00:01:00Z"})
        assert replay.status_code == 303

        await world.sign_in("vi")
        bad = await client.get("/history", params={"status": "exploded", "since": "soon"})
        assert bad.status_code == 400
        assert "status: &#39;exploded&#39; is not one of" in bad.text and "since: &#39;soon&#39;" in bad.text
        assert (await client.get("/history", params={"cursor": "nonsense"})).status_code == 400
        assert (await client.get("/deployments/nope")).status_code == 404

        frame = await client.get("/deployments/d-001/replay", params={"at": "2026-11-01T00:01:00.000Z"})
        assert frame.status_code == 200 and frame.headers["content-type"].startswith("image/svg+xml")
        assert 'data-service="api"' in frame.text and "health-unknown" in frame.text
        wrong = await client.get("/deployments/d-001/replay", params={"at": "yesterday"})
        assert wrong.status_code == 422 and "at: 'yesterday' is not a time" in wrong.text

        report = await client.get("/deployments/d-001/report", params={"download": "true"})
        assert report.status_code == 200
        policy = report.headers["content-security-policy"]
        assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in policy
        assert report.headers["content-disposition"].startswith('attachment; filename="deployment-d-001.html"')
        diff = await client.get("/deployments/d-001", params={"against": "d-002"}, follow_redirects=False)
        assert diff.status_code == 303 and diff.headers["location"] == "/deployments/d-001/diff/d-002"
        assert (await client.get("/deployments/d-001/diff/d-002")).status_code == 404
