"""The dashboard process's API over real HTTP, on the events its consumer group folded: history filtered and
paged, one deployment with its timeline, the services, the plan's graph; nothing without signing in."""

from pathlib import Path

from redis.asyncio import Redis

from shared.events import DeployRequested
from shared.events import deployment as d
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  db: {kind: job, deploy: ["./db"]}
  api: {depends_on: [db], deploy: ["./api"], health: {ready: "http://127.0.0.1:1/health/ready"}}
"""
SCRIPT = "<script>alert(1)</script>"
VIEWER: list[User] = [("vi", "viewer", ("*",))]


async def test_the_api_serves_the_read_model_to_viewers_only(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    events = [*story(1, "staging", "ana", ["api"]), *story(2, "production", "bo", ["api", "db"], ok=False)]
    hostile = DeployRequested(
        deployment_id="d-003", environment="staging", payload=d.DeployRequestedPayload(version="1", reason=SCRIPT)
    )
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER) as world:
        client = world.client
        anonymous = await client.get("/api/v1/deployments")
        await world.sign_in("vi")
        await publish(redis_client, *events, hostile)

        async def folded() -> bool:
            return len((await client.get("/api/v1/deployments")).json()["items"]) == 3

        await eventually(folded)
        staging = (await client.get("/api/v1/deployments", params={"environment": "staging", "limit": 1})).json()
        more = (
            await client.get("/api/v1/deployments", params={"environment": "staging", "cursor": staging["next_cursor"]})
        ).json()
        failed = (await client.get("/api/v1/deployments", params={"status": "failed"})).json()
        one = await client.get("/api/v1/deployments/d-002")
        timeline = (await client.get("/api/v1/deployments/d-002/timeline")).json()
        missing = await client.get("/api/v1/deployments/d-404")
        bad_cursor = await client.get("/api/v1/deployments", params={"cursor": "zzz"})
        graph = (await client.get("/api/v1/graph", params={"environment": "staging"})).json()
        no_env = await client.get("/api/v1/graph", params={"environment": "qa"})
        services = (await client.get("/api/v1/services", params={"environment": "staging"})).json()
        openapi = (await client.get("/api/v1/openapi.json")).json()
        marked = await client.get("/api/v1/deployments/d-003")
        ready = await client.get("/health/ready")
    assert anonymous.status_code == 401 and anonymous.json()["needed_role"] == "viewer"
    assert [v["id"] for v in staging["items"]] == ["d-003"] and [v["id"] for v in more["items"]] == ["d-001"]
    assert [v["id"] for v in failed["items"]] == ["d-002"]
    assert one.json()["failure"] == "exit 3" and one.json()["requested_by"] == "bo"
    assert [e["type"] for e in timeline] == ["deploy-requested", "deployment-started", "deployment-failed"]
    assert missing.status_code == 404 and "d-404" in missing.json()["error"]
    assert bad_cursor.status_code == 422 and bad_cursor.json()["error"].startswith("cursor: ")
    (cursor,) = bad_cursor.json()["fields"]
    assert (cursor["field"], cursor["in"]) == ("cursor", "query") and cursor["message"], "read like any field error"
    assert graph["waves"] == [["db"], ["api"]] and graph["edges"] == [{"service": "api", "depends_on": "db"}]
    assert no_env.status_code == 404 and "no environment 'qa'" in no_env.json()["error"]
    assert [(s["service"], s["version"]) for s in services] == [("api", "1.1")]
    assert {"/api/v1/deployments", "/api/v1/login", "/api/v1/tokens"} <= set(openapi["paths"])
    assert marked.headers["content-type"] == "application/json" and marked.json()["reason"] == SCRIPT
    assert marked.headers["x-content-type-options"] == "nosniff", "data, never markup"
    assert ready.status_code == 200
