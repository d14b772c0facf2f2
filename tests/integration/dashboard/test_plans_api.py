"""The plan's revisions over real HTTP, served by the dashboard process on a real Redis: an admin applies a plan as
`flightdeck plan apply` does (stored as the next revision, plan-applied with the CLI's payload); a bad plan is 422
with the path and line of each problem and nothing stored; viewers list the revisions newest first, paged, and read
one with its text, secrets still references; only an admin who reaches every environment applies."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
import pytest
from redis.asyncio import Redis

from services.dashboard.app import DEFINITION
from services.dashboard.auth.tokens import TokenStore
from services.dashboard.auth.users import UserStore
from services.dashboard.domain.roles import Role
from shared.events import PlanApplied
from shared.events.operations import PlanAppliedPayload
from shared.keys.auth import AuthKeys
from shared.plan.loader import parse_plan
from shared.plan.store import PlanStore
from shared.runtime.http import health_app
from shared.runtime.service import VERSION
from tests.support.alerting import of_class
from tests.support.asgi_server import serving
from tests.support.dashboard_world import PASSWORD
from tests.support.inprocess import running

PLAN = """version: 1
environments: {staging: {}, live: {production: true, approval_required: true}}
services:
  db: {kind: job, deploy: ["./migrate"]}
  api: {kind: job, depends_on: [db], deploy: ["./api"]}
alerting:
  channels:
    ops: {type: slack, webhook_url: "${SLACK_WEBHOOK_URL}"}
  routes:
    - channels: [ops]
"""
BAD = """version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"], depends_on: [dbb]}
  web: {kind: job, deploy: ["./web"], replicas: 3}
"""
TOKENS: dict[str, tuple[str, Role, tuple[str, ...]]] = {  # name: (owner, role, environments)
    "admin": ("ad", "admin", ("*",)),
    "staging-admin": ("ad", "admin", ("staging",)),
    "deployer": ("dee", "deployer", ("*",)),
    "viewer": ("vi", "viewer", ("*",)),
}


@asynccontextmanager
async def world(redis_url: str, redis: Redis) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, dict[str, str]]]]:
    """The dashboard reading its plan from Redis (no plan file); a client, and headers for each token."""
    async with running(DEFINITION, redis_url) as runtime:
        keys, now = AuthKeys.of(runtime.keys), datetime.now(UTC)
        for name, role in (("ad", "admin"), ("dee", "deployer"), ("vi", "viewer")):
            await UserStore(redis, keys).add(name, role, PASSWORD, now)
        headers = {}
        for token, (owner, role, environments) in TOKENS.items():
            made = await TokenStore(redis, keys).create(token, owner, role, environments, now, None)
            headers[token] = {"Authorization": f"Bearer {made.secret}"}
        app = health_app("dashboard", VERSION, runtime.checks, runtime.context.routes)
        async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
            yield client, headers


async def test_an_admin_applies_a_plan_as_the_cli_does(
    redis_url: str, redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.example/T0/B0/hunter2")
    async with world(redis_url, redis_client) as (client, token):
        asked = {"text": PLAN, "source": "deploy/flightdeck.yaml"}
        first = await client.post("/api/v1/plans", json=asked, headers=token["admin"])
        second = await client.post("/api/v1/plans", json={"text": PLAN}, headers=token["admin"])
        listed = await client.get("/api/v1/plans", headers=token["viewer"])
        one = await client.get("/api/v1/plans/1", headers=token["viewer"])
        current = await client.get("/api/v1/plans/current", headers=token["viewer"])
    assert first.status_code == second.status_code == 201, first.text
    applied = first.json()
    assert applied["revision"] == 1 and second.json()["revision"] == 2 and applied["stream_id"]
    stored = await PlanStore(redis_client).get(1)
    assert stored is not None and stored.text == PLAN and stored.source == "deploy/flightdeck.yaml"
    published = await of_class(redis_client, PlanApplied)
    assert [e.event_id for e in published][:1] == [applied["event_id"]]
    cli_payload = PlanAppliedPayload(revision=1, source="deploy/flightdeck.yaml", services=[*parse_plan(PLAN).services])
    assert published[0].payload == cli_payload and published[1].payload.source == "flightdeck.yaml"
    rows = listed.json()["items"]
    assert [(r["revision"], r["current"], r["services"]) for r in rows] == [(2, True, 2), (1, False, 2)]
    assert listed.json()["next_before"] is None and rows[1]["source"] == "deploy/flightdeck.yaml"
    detail = one.json()
    assert detail["text"] == PLAN and "${SLACK_WEBHOOK_URL}" in detail["text"] and not detail["current"]
    assert detail["summary"].startswith("deploy/flightdeck.yaml: valid plan (version 1): 2 services in 2 waves")
    assert detail["environments"] == [
        {"name": "staging", "production": False, "approval_required": False},
        {"name": "live", "production": True, "approval_required": True},
    ]
    assert detail["services"] == [
        {"name": "db", "kind": "job", "depends_on": []},
        {"name": "api", "kind": "job", "depends_on": ["db"]},
    ]
    assert current.json()["revision"] == 2 and current.json()["current"]
    assert all("hunter2" not in answer.text for answer in (listed, one, current))


async def test_a_bad_plan_is_refused_with_the_path_and_line_of_each_problem(
    redis_url: str, redis_client: Redis
) -> None:
    async with world(redis_url, redis_client) as (client, token):
        answer = await client.post("/api/v1/plans", json={"text": BAD}, headers=token["admin"])
        missing = await client.post("/api/v1/plans", json={"source": "x.yaml"}, headers=token["admin"])
        none_yet = await client.get("/api/v1/plans/current", headers=token["viewer"])
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert {(p["path"], p["line"]) for p in problems} >= {
        ("services.api.depends_on[0]", 4),
        ("services.web.replicas", 5),
    }
    error = answer.json()["error"]
    assert error.startswith(f"{len(problems)} problems found in flightdeck.yaml: flightdeck.yaml:4: services.api")
    assert "flightdeck.yaml:5: services.web.replicas" in error
    assert missing.status_code == 422 and missing.json()["fields"][0]["field"] == "text"
    assert await PlanStore(redis_client).latest_revision() == 0 and not await of_class(redis_client, PlanApplied)
    assert none_yet.status_code == 404 and "plan apply" in none_yet.json()["error"]


async def test_only_an_admin_of_every_environment_applies_and_viewers_read(redis_url: str, redis_client: Redis) -> None:
    async with world(redis_url, redis_client) as (client, token):
        refused = {
            who: await client.post("/api/v1/plans", json={"text": PLAN}, headers=token[who])
            for who in ("viewer", "deployer", "staging-admin")
        }
        anonymous = await client.post("/api/v1/plans", json={"text": PLAN})
        await client.post("/api/v1/login", json={"name": "ad", "password": PASSWORD})
        no_csrf = await client.post("/api/v1/plans", json={"text": PLAN})  # an admin's browser, without the token
        client.cookies.clear()
        strangers_read = await client.get("/api/v1/plans")
        unknown = await client.get("/api/v1/plans/7", headers=token["viewer"])
    assert {who: a.status_code for who, a in refused.items()} == {"viewer": 403, "deployer": 403, "staging-admin": 403}
    assert refused["staging-admin"].json()["error"] == (
        "applying a plan changes every environment; ad may act only in staging"
    )
    assert anonymous.status_code == 401 and strangers_read.status_code == 401
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.json()["error"]
    assert unknown.status_code == 404 and unknown.json() == {"error": "no plan revision 7"}
    assert await PlanStore(redis_client).latest_revision() == 0


async def test_the_revisions_are_paged_newest_first(redis_url: str, redis_client: Redis) -> None:
    async with world(redis_url, redis_client) as (client, token):
        for _ in range(3):
            assert (await client.post("/api/v1/plans", json={"text": PLAN}, headers=token["admin"])).status_code == 201
        first = (await client.get("/api/v1/plans", params={"limit": 2}, headers=token["viewer"])).json()
        rest = await client.get(
            "/api/v1/plans", params={"limit": 2, "before": first["next_before"]}, headers=token["viewer"]
        )
        too_many = await client.get("/api/v1/plans", params={"limit": 500}, headers=token["viewer"])
    assert [r["revision"] for r in first["items"]] == [3, 2] and first["next_before"] == 2
    assert [r["revision"] for r in rest.json()["items"]] == [1] and rest.json()["next_before"] is None
    assert too_many.status_code == 422 and too_many.json()["fields"][0]["field"] == "limit"
