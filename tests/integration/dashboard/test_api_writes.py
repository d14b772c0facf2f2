"""The dashboard's writes over real HTTP: a deployer's request lands on the event stream as the CLI's would, with
who asked; viewers and strangers are refused on every write route the OpenAPI document lists; production needs
its name typed; a bad request is named in the CLI's words; an action on a deployment in the wrong state is a
conflict."""

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from cli import ci
from cli.deploy_request import build_request
from services.dashboard.app import DEFINITION
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from shared.events import DeployRequested
from shared.keys.auth import AuthKeys
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from tests.integration.dashboard.auth_world import PASSWORD
from tests.support.alerting import publish
from tests.support.asgi_server import serving
from tests.support.dashboard_stories import story
from tests.support.deploy_world import events
from tests.support.inprocess import eventually, running

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


@asynccontextmanager
async def world(redis_url: str, redis: Redis, tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A client on the dashboard process's API, and a deployer's token (staging and live)."""
    plan = tmp_path / "flightdeck.yaml"
    plan.write_text(PLAN)
    async with running(DEFINITION, redis_url, plan_file=str(plan)) as runtime:
        keys, now = AuthKeys.of(runtime.keys), datetime.now(UTC)
        await UserStore(redis, keys).add("dee", "deployer", PASSWORD, now)
        await UserStore(redis, keys).add("vi", "viewer", PASSWORD, now)
        token = await TokenStore(redis, keys).create("ci", "dee", "deployer", ("staging", "live"), now, None)
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            yield client, token.secret


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_deployers_request_is_published_with_who_asked(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with world(redis_url, redis_client, tmp_path) as (client, token):
        asked = {"environment": "staging", "version": "2.1.0", "reason": "ship it", "id": "d-web-1"}
        answer = await client.post("/api/v1/deployments", json=asked, headers=bearer(token))
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
    async with world(redis_url, redis_client, tmp_path) as (client, token):
        unconfirmed = await client.post(
            "/api/v1/deployments", json={"environment": "live", "version": "2"}, headers=bearer(token)
        )
        assert unconfirmed.status_code == 422
        assert [f["field"] for f in unconfirmed.json()["fields"]] == ["confirm"]
        assert "set confirm to 'live'" in unconfirmed.json()["fields"][0]["message"]
        bad = await client.post(
            "/api/v1/deployments", json={"environment": "staging", "version": BAD}, headers=bearer(token)
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
            headers=bearer(token),
        )
        assert confirmed.status_code == 202, confirmed.text
        assert not [e for e in await events(redis_client) if e.payload.model_dump().get("version") == BAD]


async def test_an_action_in_the_wrong_state_is_a_conflict_and_an_unknown_deployment_not_found(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with world(redis_url, redis_client, tmp_path) as (client, token):
        await publish(redis_client, *story(1, "staging", "ana", ["api"]))
        unknown = await client.post("/api/v1/deployments/d-999/approve", json={}, headers=bearer(token))
        assert unknown.status_code == 404

        async def folded() -> bool:
            answer = await client.get("/api/v1/deployments/d-001", headers=bearer(token))
            return answer.status_code == 200 and answer.json()["status"] == "succeeded"

        await eventually(folded)
        for action in ("approve", "cancel", "resume"):
            answer = await client.post(f"/api/v1/deployments/d-001/{action}", json={}, headers=bearer(token))
            assert answer.status_code == 409 and "d-001 is succeeded" in answer.json()["error"], action
        rollback = await client.post(
            "/api/v1/deployments/d-001/rollback", json={"reason": "bad"}, headers=bearer(token)
        )
        assert rollback.status_code == 202, rollback.text
        (asked,) = [e for e in await events(redis_client, "d-001") if e.type == "rollback-requested"]
        assert asked.payload.model_dump()["requested_by"] == "dee"


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
    async with world(redis_url, redis_client, tmp_path) as (client, _):
        routes = writes((await client.get("/api/v1/openapi.json")).json())
        assert ("POST", "/api/v1/deployments") in routes and (
            "POST",
            "/api/v1/deployments/deployment_id/cancel",
        ) in routes
        stranger = httpx.AsyncClient(base_url=str(client.base_url))
        answer = await client.post("/api/v1/login", json={"name": "vi", "password": PASSWORD})
        csrf = answer.json()["csrf_token"]
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
    async with world(redis_url, redis_client, tmp_path) as (client, token):
        (tmp_path / "flightdeck.yaml").write_text(PLAN.replace("kind: job, ", "") + "\n")
        answer = await client.post(
            "/api/v1/deployments", json={"environment": "staging", "version": "2"}, headers=bearer(token)
        )
        assert answer.status_code == 503
        assert answer.json()["problems"] == [{"path": "services.api.health.ready", "line": 5}]
        assert "flightdeck plan check" in answer.json()["error"] and "./api" not in answer.text
