"""The dashboard process's activity routes over real HTTP: a deployment's log read on from an id, text search
with the line that matched, silences, the live snapshot; a log line with markup comes back as data."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.events import SilenceCreated
from shared.events import alerting as a
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
MARKUP = "<img src=x onerror=alert(1)> migration 0042 applied"
VIEWER: list[User] = [("vi", "viewer", ("*",))]


async def test_log_search_silences_and_snapshot_for_viewers(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    for line in ("starting", MARKUP, "done"):
        fields: dict[FieldT, EncodableT] = {"service": "api", "stream": "stdout", "line": line}
        await redis_client.xadd("flightdeck:log:d-001", fields)
    now = datetime.now(UTC)
    quiet = a.SilenceCreatedPayload(
        silence_id="s1",
        matchers=[a.Matcher(label="environment", value="staging")],
        starts_at=now - timedelta(minutes=1),
        ends_at=now + timedelta(hours=1),
        created_by="ana",
        comment="load test",
    )
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER) as world:
        client = world.client
        assert (await client.get("/api/v1/search", params={"text": "migration"})).status_code == 401
        await world.sign_in("vi")
        await publish(redis_client, *story(1, "staging", "ana", ["api"]), SilenceCreated(payload=quiet))

        async def found() -> bool:
            answer = await client.get("/api/v1/search", params={"text": "migration 0042", "environment": "staging"})
            return len(answer.json()["items"]) == 1

        await eventually(found)
        (hit,) = (await client.get("/api/v1/search", params={"text": "0042"})).json()["items"]
        assert hit["deployment"]["id"] == "d-001" and hit["where"] == "log api" and "0042" in hit["snippet"]
        assert (await client.get("/api/v1/search", params={"text": "0042", "environment": "prod"})).json()[
            "items"
        ] == []
        empty = await client.get("/api/v1/search", params={"text": "!!!"})
        assert empty.status_code == 422 and empty.json()["fields"][0]["field"] == "text"

        lines = (await client.get("/api/v1/deployments/d-001/log")).json()
        assert [line["line"] for line in lines] == ["starting", MARKUP, "done"]
        raw = await client.get("/api/v1/deployments/d-001/log", params={"since": lines[0]["id"]})
        assert raw.headers["content-type"] == "application/json" and "<img" in raw.text
        assert [line["line"] for line in raw.json()] == [MARKUP, "done"]
        bad = await client.get("/api/v1/deployments/d-001/log", params={"since": "x; drop"})
        assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "since"
        checked_here, by_validation = empty.json()["fields"][0], bad.json()["fields"][0]
        assert checked_here.keys() == by_validation.keys() and checked_here["in"] == by_validation["in"] == "query"

        (silence,) = (await client.get("/api/v1/silences")).json()
        assert silence["silence_id"] == "s1" and silence["created_by"] == "ana"
        assert (await client.get("/api/v1/alerts")).json() == []
        snapshot = (await client.get("/api/v1/snapshot", params={"environment": "staging"})).json()
        assert [d["id"] for d in snapshot["deployments"]] == ["d-001"] and snapshot["silences"][0]["silence_id"]
