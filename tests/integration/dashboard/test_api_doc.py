"""docs/api.md keeps up with the API: every route of the dashboard's OpenAPI document (served by the real process)
is named in the doc, by its path under /api/v1 written out in full, so a route added without its documentation
fails here naming it."""

import re
from pathlib import Path

from redis.asyncio import Redis

from tests.support.dashboard_world import dashboard_world

DOC = Path(__file__).parents[3] / "docs" / "api.md"
PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
PATH = re.compile(r"(?<![\w.:])/[a-z][\w{}./-]*")  # a path the doc writes, like /deployments/{id}/log
PARAMETER = re.compile(r"\{[^}]*\}")


def shape(path: str) -> str:
    """A path with its parameters unnamed and the API's prefix dropped: /api/v1/a/{x} and /a/{id} are one."""
    return PARAMETER.sub("{}", path.removeprefix("/api/v1")).rstrip("/.") or "/"


def documented(text: str) -> set[str]:
    return {shape(path) for path in PATH.findall(text)}


def test_a_path_is_known_by_its_shape() -> None:
    assert documented("`GET /deployments/{id}/log`, `/api/v1/live?last_id=0`.") == {"/deployments/{}/log", "/live"}


def test_a_route_missing_from_the_doc_is_named() -> None:
    missing = {"/deployments/{}/cancel"} - documented("`POST /deployments/{id}/approve`, `/cancel`")
    assert missing == {"/deployments/{}/cancel"}


async def test_every_route_of_the_openapi_document_is_in_the_doc(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN) as world:
        openapi = (await world.client.get("/api/v1/openapi.json")).json()
    routes = {shape(path): path for path in openapi["paths"]}
    assert "/deployments/{}" in routes, sorted(routes)  # the document is the API's, not an empty one
    missing = sorted(path for form, path in routes.items() if form not in documented(DOC.read_text()))
    assert not missing, f"docs/api.md does not name these routes of the OpenAPI document: {missing}"
