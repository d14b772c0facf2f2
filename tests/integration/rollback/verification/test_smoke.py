"""Smoke requests against a real HTTP server: expectations passing and failing, retries for an eventually
consistent service, templated requests whose secrets reach the server and never the report."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

from services.rollback.verification.client import session
from services.rollback.verification.smoke import run_smoke
from shared.plan.smoke import SmokeRequest
from tests.support.asgi_server import serving
from tests.support.verify_app import Service

VALUES = {"service": "api", "version": "1.4.0", "previous_version": "1.3.0", "environment": "staging"}


@pytest.fixture
async def api() -> AsyncIterator[tuple[Service, str]]:
    service = Service()
    async with serving(service.app) as base:
        yield service, base


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with session() as opened:
        yield opened


def smoke(**fields: object) -> SmokeRequest:
    return SmokeRequest.model_validate(fields)


async def test_a_request_meeting_its_expectations_passes(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/v1/orders", document={"data": {"items": [{"id": 7}]}}, headers={"X-Version": "1.4.0"})
    request = smoke(
        url=f"{base}/v1/orders",
        name="orders",
        expect={"json": [{"path": "data.items[0].id", "equals": 7}], "headers": {"x-version": "{version}"}},
    )
    result = await run_smoke(client, request, VALUES, {}, "api")
    assert (result.passed, result.kind, result.name, result.service) == (True, "smoke", "orders", "api")
    assert result.detail.startswith("HTTP 200 in ")


async def test_a_failure_says_what_was_expected_what_came_and_how_to_reproduce(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/v1/orders", status=500, text="database unreachable")
    request = smoke(url=f"{base}/v1/orders?env={{environment}}", expect={"status": 200})
    result = await run_smoke(client, request, VALUES, {}, "api")
    assert not result.passed
    assert result.detail == "expected HTTP 200, got HTTP 500: database unreachable"
    assert (result.expected, result.actual) == ("HTTP 200", "HTTP 500: database unreachable")
    assert result.reproduce == f"curl -sS -i '{base}/v1/orders?env=staging'"
    assert result.name == f"GET {base}/v1/orders?env={{environment}}"


async def test_secrets_reach_the_server_and_are_masked_in_the_report(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/v1/orders", status=401, text="who are you")
    request = smoke(
        url=f"{base}/v1/orders?key=${{ORDERS_KEY}}",
        method="post",
        headers={"Authorization": "Bearer ${API_TOKEN}", "X-Deployed": "{version}"},
        body='{"token": "${API_TOKEN}", "cost": "$$5"}',
    )
    env = {"API_TOKEN": "tok-123-secret", "ORDERS_KEY": "k-999-secret"}
    result = await run_smoke(client, request, VALUES, env, "api")
    seen = service.seen[-1]
    assert (seen.method, seen.headers["authorization"], seen.headers["x-deployed"]) == (
        "POST",
        "Bearer tok-123-secret",
        "1.4.0",
    )
    assert seen.body == '{"token": "tok-123-secret", "cost": "$5"}'
    assert seen.headers["content-type"] == "application/json"
    assert result.reproduce == (
        "curl -sS -i -X POST -H 'Authorization: ****' -H 'X-Deployed: 1.4.0' -H 'Content-Type: application/json' "
        f'--data-raw \'{{"token": "****", "cost": "$5"}}\' \'{base}/v1/orders?key=****\''
    )
    assert "secret" not in result.model_dump_json()


async def test_an_unset_secret_fails_the_check_naming_the_variable(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    _, base = api
    result = await run_smoke(client, smoke(url=f"{base}/x", headers={"X-Key": "${MISSING_KEY}"}), VALUES, {}, "api")
    assert not result.passed
    assert "the variable MISSING_KEY is not set" in result.detail
    assert "rollback service's environment" in result.detail


async def test_an_eventually_consistent_service_passes_within_its_retries(
    api: tuple[Service, str], client: aiohttp.ClientSession
) -> None:
    service, base = api
    service.set("/ready", text="ok", failures=2)
    result = await run_smoke(client, smoke(url=f"{base}/ready", retries=2, retry_delay="10ms"), VALUES, {}, "api")
    assert result.passed, result.detail
    assert result.detail.endswith("(try 3 of 3)")
    service.set("/ready", text="ok", failures=5)
    result = await run_smoke(client, smoke(url=f"{base}/ready", retries=1, retry_delay="10ms"), VALUES, {}, "api")
    assert not result.passed
    assert result.detail == "expected HTTP 200, got HTTP 503: not yet (try 2 of 2)"
    assert len(service.seen) == 5


async def test_a_slow_answer_and_a_closed_port_fail(api: tuple[Service, str], client: aiohttp.ClientSession) -> None:
    service, base = api
    service.set("/slow", text="ok", delay_s=0.2)
    result = await run_smoke(client, smoke(url=f"{base}/slow", expect={"max_latency": "50ms"}), VALUES, {}, "api")
    assert not result.passed and result.detail.startswith("expected an answer within 50ms, got one after ")
    from shared.ports import free_port

    closed = await run_smoke(client, smoke(url=f"http://127.0.0.1:{free_port()}/x"), VALUES, {}, "api")
    assert closed.detail == "expected HTTP 200, got connection refused"
