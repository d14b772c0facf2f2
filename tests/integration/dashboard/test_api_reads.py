"""The dashboard process's API over real HTTP, on the events its consumer group folded: history filtered and
paged, one deployment with its timeline, the services, the plan's graph; nothing without signing in."""

from pathlib import Path

import httpx
from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.auth.users import UserStore
from shared.events import DeployRequested
from shared.events import deployment as d
from shared.keys.auth import AuthKeys
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from tests.integration.dashboard.auth_world import PASSWORD
from tests.support.alerting import publish
from tests.support.asgi_server import serving
from tests.support.dashboard_stories import story
from tests.support.inprocess import eventually, running

PLAN = """
version: 1
environments: {staging: {}}
services:
  db: {kind: job, deploy: ["./db"]}
  api: {depends_on: [db], deploy: ["./api"], health: {ready: "http://127.0.0.1:1/health/ready"}}
"""
SCRIPT = "<script>alert(1)</script>"


async def test_the_api_serves_the_read_model_to_viewers_only(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    plan = tmp_path / "flightdeck.yaml"
    plan.write_text(PLAN)
    events = [*story(1, "staging", "ana", ["api"]), *story(2, "production", "bo", ["api", "db"], ok=False)]
    hostile = DeployRequested(
        deployment_id="d-003", environment="staging", payload=d.DeployRequestedPayload(version="1", reason=SCRIPT)
    )
    async with running(DEFINITION, redis_url, plan_file=str(plan)) as runtime:
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            anonymous = await client.get("/api/v1/deployments")
            await UserStore(redis_client, AuthKeys.of(runtime.keys)).add(
                "vi", "viewer", PASSWORD, events[0].occurred_at
            )
            assert (await client.post("/api/v1/login", json={"name": "vi", "password": PASSWORD})).status_code == 200
            await publish(redis_client, *events, hostile)

            async def folded() -> bool:
                return len((await client.get("/api/v1/deployments")).json()["items"]) == 3

            await eventually(folded)
            staging = (await client.get("/api/v1/deployments", params={"environment": "staging", "limit": 1})).json()
            more = (
                await client.get(
                    "/api/v1/deployments", params={"environment": "staging", "cursor": staging["next_cursor"]}
                )
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
    assert graph["waves"] == [["db"], ["api"]] and graph["edges"] == [{"service": "api", "depends_on": "db"}]
    assert no_env.status_code == 404 and "no environment 'qa'" in no_env.json()["error"]
    assert [(s["service"], s["version"]) for s in services] == [("api", "1.1")]
    assert {"/api/v1/deployments", "/api/v1/login", "/api/v1/tokens"} <= set(openapi["paths"])
    assert marked.headers["content-type"] == "application/json" and marked.json()["reason"] == SCRIPT
    assert marked.headers["x-content-type-options"] == "nosniff", "data, never markup"
    assert ready.status_code == 200
