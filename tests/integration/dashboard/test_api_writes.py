"""The dashboard's writes over real HTTP: a deployer's request lands on the event stream as the CLI's would, with
who asked; viewers and strangers are refused on every write route the OpenAPI document lists; production needs
its name typed; a bad request is named in the CLI's words; an action on a deployment in the wrong state is a
conflict."""

import argparse
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from cli import ci
from cli.deploy_request import build_request
from shared.events import DeployRequested
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import Token, User, dashboard_world
from tests.support.deploy_world import events
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}, live: {production: true}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
BAD = "1.0;touch pwned"
VIEWERS_MAY = {  # their own session and tokens (a token never beyond its owner's role)
    ("POST", "/api/v1/logout"),
    ("POST", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/token_id"),
}
USERS: list[User] = [("dee", "deployer", ("*",)), ("vi", "viewer", ("*",))]
TOKENS: list[Token] = [("ci", "dee", "deployer", ("staging", "live"))]  # a deployer's token (staging and live)


async def test_a_deployers_request_is_published_with_who_asked(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client = world.client
        asked = {"environment": "staging", "version": "2.1.0", "reason": "ship it", "id": "d-web-1"}
        answer = await client.post("/api/v1/deployments", json=asked, headers=world.bearer("ci"))
        assert answer.status_code == 202, answer.text
        accepted = answer.json()
        assert accepted["deployment_id"] == "d-web-1" and accepted["stream_id"]
        published = [e for e in await events(redis_client, "d-web-1") if isinstance(e, DeployRequested)]
        assert len(published) == 1 and published[0].event_id == accepted["event_id"]
        assert published[0].payload.requested_by == "dee" and published[0].payload.reason == "ship it"
        assert published[0].payload.version == "2.1.0" and published[0].environment == "staging"


async def test_production_needs_its_name_and_a_bad_version_is_named_as_the_cli_names_it(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client = world.client
        unconfirmed = await client.post(
            "/api/v1/deployments", json={"environment": "live", "version": "2"}, headers=world.bearer("ci")
        )
        assert unconfirmed.status_code == 422
        assert [f["field"] for f in unconfirmed.json()["fields"]] == ["confirm"]
        assert "set confirm to 'live'" in unconfirmed.json()["fields"][0]["message"]
        bad = await client.post(
            "/api/v1/deployments", json={"environment": "staging", "version": BAD}, headers=world.bearer("ci")
        )
        assert bad.status_code == 422
        (field,) = bad.json()["fields"]
        args = argparse.Namespace(env="staging", version=BAD, service=[], reason="", id=None, redeploy=False, by="x")
        with pytest.raises(ValueError) as cli_error:
            build_request(args, ci.CIContext())
        assert field["field"] == "version" and str(cli_error.value) == f"--version: {field['message']}"
        confirmed = await client.post(
            "/api/v1/deployments",
            json={"environment": "live", "version": "2", "confirm": "live"},
            headers=world.bearer("ci"),
        )
        assert confirmed.status_code == 202, confirmed.text
        assert not [e for e in await events(redis_client) if e.payload.model_dump().get("version") == BAD]


async def test_an_action_in_the_wrong_state_is_a_conflict_and_an_unknown_deployment_not_found(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client, ci_token = world.client, world.bearer("ci")
        running = story(2, "staging", "bo", ["api"])[:2]  # requested and started, not ended
        await publish(redis_client, *story(1, "staging", "ana", ["api"]), *running)
        unknown = await client.post("/api/v1/deployments/d-999/approve", json={}, headers=ci_token)
        assert unknown.status_code == 404

        async def status(deployment_id: str) -> str:
            answer = await client.get(f"/api/v1/deployments/{deployment_id}", headers=ci_token)
            return str(answer.json()["status"]) if answer.status_code == 200 else ""

        async def folded() -> bool:
            return await status("d-001") == "succeeded" and await status("d-002") == "running"

        await eventually(folded)
        for action in ("approve", "cancel", "resume", "rollback"):
            answer = await client.post(f"/api/v1/deployments/d-001/{action}", json={}, headers=ci_token)
            assert answer.status_code == 409 and "d-001 is succeeded" in answer.json()["error"], action
        ended = await client.post("/api/v1/deployments/d-001/rollback", json={"reason": "bad"}, headers=ci_token)
        assert "flightdeck rollback --env" in ended.json()["error"], "the coordinator would ignore it: say so"
        for action in ("approve", "resume"):
            answer = await client.post(f"/api/v1/deployments/d-002/{action}", json={}, headers=ci_token)
            assert answer.status_code == 409 and "d-002 is running" in answer.json()["error"], action
        rollback = await client.post("/api/v1/deployments/d-002/rollback", json={"reason": "bad"}, headers=ci_token)
        assert rollback.status_code == 202, rollback.text
        assert not [e for e in await events(redis_client, "d-001") if e.type == "rollback-requested"]
        (asked,) = [e for e in await events(redis_client, "d-002") if e.type == "rollback-requested"]
        assert asked.payload.model_dump()["requested_by"] == "dee" and asked.event_id == rollback.json()["event_id"]


def writes(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (method.upper(), path.replace("{", "").replace("}", ""))
        for path, operations in document["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete") and not path.endswith("/login")
    ]


async def test_every_write_route_refuses_strangers_and_viewers(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client = world.client
        routes = writes((await client.get("/api/v1/openapi.json")).json())
        assert ("POST", "/api/v1/deployments") in routes and (
            "POST",
            "/api/v1/deployments/deployment_id/cancel",
        ) in routes
        stranger = httpx.AsyncClient(base_url=world.url)
        csrf = await world.sign_in("vi")
        async with stranger:
            for method, path in routes:
                refused = await stranger.request(method, path, json={})
                assert refused.status_code == 401, (method, path, refused.text)
                if (method, path) in VIEWERS_MAY:
                    continue
                as_viewer = await client.request(method, path, json={}, headers={"X-CSRF-Token": csrf})
                assert as_viewer.status_code == 403, (method, path, as_viewer.text)
                assert as_viewer.json()["needed_role"] in ("deployer", "admin"), (method, path)


async def test_a_plan_that_cannot_be_read_is_named_by_where_not_by_its_values(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client = world.client
        (tmp_path / "flightdeck.yaml").write_text(PLAN.replace("kind: job, ", "") + "\n")
        answer = await client.post(
            "/api/v1/deployments", json={"environment": "staging", "version": "2"}, headers=world.bearer("ci")
        )
        assert answer.status_code == 503
        assert answer.json()["problems"] == [{"path": "services.api.health.ready", "line": 5}]
        assert "flightdeck plan check" in answer.json()["error"] and "./api" not in answer.text
