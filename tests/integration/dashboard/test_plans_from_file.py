"""A dashboard that reads its plan from a file (FLIGHTDECK_PLAN_FILE, development), over real HTTP: it lists the
file as its one revision, by its name only, and refuses to apply a plan (409): the file would win again."""

from pathlib import Path

from redis.asyncio import Redis

from shared.plan.store import PlanStore
from tests.support.dashboard_world import Token, dashboard_world

PLAN = """version: 1
environments: {staging: {}}
services:
  db: {kind: job, deploy: ["./migrate", "${DB_URL}"]}
  api: {kind: job, depends_on: [db], deploy: ["./api"]}
"""


async def test_a_dashboard_on_a_plan_file_lists_the_file_and_applies_none(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    admin: list[Token] = [("ci", "ad", "admin", ("*",))]
    users = [("ad", "admin", ("*",))]
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=users, tokens=admin) as world:
        refused = await world.client.post("/api/v1/plans", json={"text": PLAN}, headers=world.bearer("ci"))
        listed = await world.client.get("/api/v1/plans", headers=world.bearer("ci"))
        the_file = await world.client.get("/api/v1/plans/0", headers=world.bearer("ci"))
        current = await world.client.get("/api/v1/plans/current", headers=world.bearer("ci"))
    assert refused.status_code == 409 and refused.json() == {
        "error": "this dashboard reads its plan from the file flightdeck.yaml: change that file instead"
    }
    assert str(tmp_path) not in refused.text + listed.text + the_file.text
    assert [(r["revision"], r["source"], r["current"], r["services"]) for r in listed.json()["items"]] == [
        (0, "flightdeck.yaml", True, 2)
    ]
    assert the_file.json()["text"] == PLAN and current.json()["revision"] == 0
    assert await PlanStore(redis_client).latest_revision() == 0
