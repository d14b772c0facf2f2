"""The API's shell over a real uvicorn: one error shape, security headers, request metrics by route template."""

import httpx
from fastapi import APIRouter
from prometheus_client import REGISTRY
from pydantic import BaseModel, Field

from services.dashboard.web.api import OPENAPI, build_api, served
from tests.support.asgi_server import serving


class Body(BaseModel):
    version: str = Field(pattern=r"^[a-z0-9.]+$")
    services: list[str] = Field(max_length=2)


def router() -> APIRouter:
    api = APIRouter()

    @api.get("/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    @api.post("/things")
    async def make(body: Body) -> dict[str, str]:
        return {"version": body.version}

    @api.get("/broken")
    async def broken() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    return api


def count(route: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "flightdeck_dashboard_http_requests_total", {"method": "GET", "route": route, "status": status}
    )
    return value or 0.0


async def test_a_bad_body_names_each_field_the_way_the_request_wrote_it() -> None:
    async with serving(served(build_api([router()], "0.1.0"))) as url, httpx.AsyncClient(base_url=url) as client:
        answer = await client.post("/api/v1/things", json={"version": "1.0;rm", "services": ["a", "b", "c"]})
    assert answer.status_code == 422
    body = answer.json()
    fields = {field["field"]: field for field in body["fields"]}
    assert set(fields) == {"version", "services"}
    assert fields["version"]["in"] == "body"
    assert body["error"].startswith("version: ") and "services: " in body["error"]


async def test_a_failure_says_only_that_it_failed_and_no_internals() -> None:
    app = served(build_api([router()], "0.1.0"))
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        answer = await client.get("/api/v1/broken")
        missing = await client.get("/api/v1/nothing-here")
    assert answer.status_code == 500
    assert "hunter2" not in answer.text and "RuntimeError" not in answer.text
    assert answer.json()["error"]
    assert missing.status_code == 404 and missing.json() == {"error": "Not Found"}


async def test_every_answer_carries_the_security_headers_and_the_api_is_not_cached() -> None:
    async with serving(served(build_api([router()], "0.1.0"))) as url, httpx.AsyncClient(base_url=url) as client:
        answer = await client.get("/api/v1/things/a")
        failed = await client.get("/api/v1/broken")
    for response in (answer, failed):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"


async def test_requests_are_counted_by_route_template_not_by_path() -> None:
    before = count("/api/v1/things/{thing_id}", "200")
    unmatched = count("unmatched", "404")
    async with serving(served(build_api([router()], "0.1.0"))) as url, httpx.AsyncClient(base_url=url) as client:
        for thing in ("a", "b", "c"):
            assert (await client.get(f"/api/v1/things/{thing}")).status_code == 200
        await client.get("/api/v1/made-up/1")
        openapi = (await client.get(OPENAPI)).json()
    assert count("/api/v1/things/{thing_id}", "200") == before + 3
    assert count("unmatched", "404") == unmatched + 1
    assert "/api/v1/things" in openapi["paths"]
