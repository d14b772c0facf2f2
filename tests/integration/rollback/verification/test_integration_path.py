"""A cross-service check through three real services (web proxies to api, api reads from db): it passes while the
path works, and when the middle service breaks it fails with the answer that came back through the path."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from redis.asyncio import Redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from services.rollback.verification.baselines import Baselines
from services.rollback.verification.runner import integration_checks, run, targets
from shared.plan import Plan
from shared.streams import Keys
from tests.support.asgi_server import serving
from tests.support.verify_app import Service


def proxy(to: str, name: str, broken: set[str]) -> Starlette:
    async def forward(request: Request) -> Response:
        if name in broken:
            return JSONResponse({"error": f"{name}: the orders table is missing"}, status_code=500)
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"{to}/orders")
        if answer.status_code != 200:
            return Response(f"{name} got HTTP {answer.status_code} from upstream: {answer.text}", status_code=502)
        return Response(answer.content, media_type="application/json")

    return Starlette(routes=[Route("/orders", forward)])


@pytest.fixture
async def path() -> AsyncIterator[tuple[str, set[str]]]:
    broken: set[str] = set()
    db = Service()
    db.set("/orders", document={"orders": [{"id": 1}]})
    async with AsyncExitStack() as stack:
        db_url = await stack.enter_async_context(serving(db.app))
        api_url = await stack.enter_async_context(serving(proxy(db_url, "api", broken)))
        web_url = await stack.enter_async_context(serving(proxy(api_url, "web", broken)))
        yield web_url, broken


def plan(web: str) -> Plan:
    check: dict[str, object] = {"name": "orders through the frontend", "through": ["web", "api", "db"]}
    check |= {"url": "${WEB}/orders", "expect": {"json": [{"path": "orders[0].id", "equals": 1}]}}
    other = {"name": "billing", "through": ["billing"], "url": "${WEB}/billing"}
    return Plan.model_validate(
        {
            "version": 1,
            "environments": {"staging": {"variables": {"WEB": web}}},
            "services": {name: {"deploy": ["true"]} for name in ("web", "api", "db", "billing")},
            "integration": [check, other],
        }
    )


async def test_an_integration_path_fails_in_its_middle_service(path: tuple[str, set[str]], redis_client: Redis) -> None:
    web, broken = path
    chosen = integration_checks(plan(web), "staging", ["api"])
    assert [c.name for c in chosen] == ["orders through the frontend"]  # billing's path does not cross api
    assert chosen[0].url == f"{web}/orders"
    deployed = targets(plan(web), "staging", {"api": "2.0"}, {"api": "1.0"})
    baselines = Baselines(redis_client, Keys("verify-path"))
    (result,) = await run(deployed, chosen, baselines, {})
    assert (result.kind, result.name, result.passed) == (
        "integration",
        "orders through the frontend (web → api → db)",
        True,
    )
    broken.add("api")
    (result,) = await run(deployed, chosen, baselines, {})
    assert not result.passed
    assert result.detail.startswith(
        'expected HTTP 200, got HTTP 502: web got HTTP 500 from upstream: {"error":"api: the orders table is missing"}'
    )
    assert result.reproduce == f"curl -sS -i {web}/orders"
