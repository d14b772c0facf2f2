"""The analytics over real HTTP, on a week of history the dashboard's consumer group folded from its events
(tests/support/analytics_history.py): every figure equals the one worked out by hand there; CSV says the same
numbers; nothing without signing in, and a bad range or bucket is told what is wrong."""

from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from tests.support.alerting import publish
from tests.support.analytics_history import T0, history
from tests.support.dashboard_world import User, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {production: {}, staging: {}}
services:
  db: {kind: job, deploy: ["./db"]}
  api: {depends_on: [db], deploy: ["./api"]}
"""
VIEWER: list[User] = [("vi", "viewer", ("*",))]
WEEK = {"from": T0.isoformat(), "to": "2026-11-08T00:00:00+00:00"}


async def analytics(client: httpx.AsyncClient, **params: str) -> Any:
    answer = await client.get("/api/v1/analytics", params={**WEEK, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_figures_of_a_seeded_week(redis_url: str, redis_client: Redis, tmp_path: Path) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER) as world:
        client = world.client
        anonymous = await client.get("/api/v1/analytics")
        await world.sign_in("vi")
        await publish(redis_client, *history())

        async def folded() -> bool:
            week = await analytics(client)
            return week["deployments"] == 5 and week["rollbacks"]["count"] == 1 and bool(week["uptime"])

        await eventually(folded)
        await world.caught_up()
        week = await analytics(client)
        production = await analytics(client, environment="production", bucket="week")
        db = await analytics(client, service="db")
        csv = await client.get("/api/v1/analytics/csv", params=WEEK)
        reversed_range = await client.get("/api/v1/analytics", params={"from": WEEK["to"], "to": WEEK["from"]})
        bad_bucket = await client.get("/api/v1/analytics", params={"bucket": "hour"})
        bad_report = await client.get("/api/v1/analytics", params={"report": "1999"})
    assert anonymous.status_code == 401 and anonymous.json()["needed_role"] == "viewer"
    dora = week["dora"]
    frequency = dora["deployment_frequency"]
    assert (frequency["bucket"], frequency["level"], frequency["deployments"], frequency["days"]) == (
        "daily",
        "elite",
        3,
        7,
    )
    assert frequency["value"] == pytest.approx(3 / 7) and frequency["deployment_ids"] == ["d-1", "d-2", "d-5"]
    lead = dora["lead_time"]
    assert (lead["value"], lead["level"], lead["deployment_ids"]) == (3780, "high", ["d-1", "d-2", "d-5"])
    failures = dora["change_failure_rate"]
    assert (failures["value"], failures["level"], failures["deployment_ids"]) == (0.4, "low", ["d-3", "d-4"])
    assert failures["judged_ids"] == ["d-1", "d-2", "d-3", "d-4", "d-5"]
    restore = dora["time_to_restore"]
    assert (restore["value"], restore["level"], restore["deployment_ids"], restore["open_incident_ids"]) == (
        600,
        "elite",
        ["d-4"],
        [],
    )
    assert list(week["dora_by_environment"]) == ["production", "staging"]
    assert week["dora_by_environment"]["staging"]["lead_time"]["value"] == 3780
    days = [(o["start"], o["deployments"], o["succeeded"], o["failed"]) for o in week["over_time"]]
    assert days == [("2026-11-01", 1, 1, 0), ("2026-11-02", 1, 1, 0), ("2026-11-03", 1, 0, 1), ("2026-11-04", 2, 1, 1)]
    assert [o["duration"]["mean_s"] for o in week["over_time"]] == [240, 240, 120, 630]  # d-4 ended at its rollback
    assert week["over_time"][3]["duration"]["p95_s"] == pytest.approx(1089)
    api = [(o["deployments"], o["duration"]["mean_s"]) for o in week["by_service"]["api"]]
    assert api == [(1, 120), (1, 60), (1, 60), (2, 120)]  # d-5 named api's version but ran no step of it
    rollbacks = week["rollbacks"]
    assert rollbacks["deployment_ids"] == ["d-4"]
    assert [(c["cause"], c["count"]) for c in rollbacks["triggers"]] == [("health", 1)]
    assert [(c["cause"], c["count"]) for c in rollbacks["reasons"]] == [("p95 900ms > 500ms", 1)]
    (impact,) = week["impact"]
    assert (impact["deployment_id"], impact["metric"], impact["before"], impact["after"]) == (
        "d-4",
        "latency_p95",
        300,
        900,
    )
    (uptime,) = week["uptime"]
    assert (uptime["environment"], uptime["service"], uptime["down_s"], uptime["observed_s"]) == (
        "production",
        "api",
        600,
        7 * 86400,
    )
    assert uptime["uptime"] == pytest.approx(1 - 600 / (7 * 86400))
    assert production["deployments"] == 4 and production["dora"]["deployment_frequency"]["bucket"] == "weekly"
    assert production["dora"]["change_failure_rate"]["value"] == 0.5
    assert [(o["start"], o["deployments"]) for o in production["over_time"]] == [("2026-10-26", 1), ("2026-11-02", 3)]
    assert (
        db["deployments"] == 1
        and list(db["by_service"]) == ["db"]
        and db["by_service"]["db"][0]["duration"]["mean_s"] == 120
    )
    assert db["dora"]["lead_time"]["deployment_ids"] == ["d-2"] and db["impact"] == [] and db["uptime"] == []
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0] == "section,scope,name,bucket,metric,value,level"
    assert "dora,all,,,change_failure_rate,0.4,low" in lines and "dora,all,,,lead_time_s,3780,high" in lines
    assert "outcomes,all,,2026-11-04,duration_mean_s,630," in lines and "rollbacks,trigger,health,,count,1," in lines
    assert "impact,deployment,d-4/api,,latency_p95_after,900," in lines
    assert reversed_range.status_code == 422 and reversed_range.json()["fields"][0]["field"] == "from"
    assert "is not before to" in reversed_range.json()["error"]
    assert bad_bucket.status_code == 422 and "bucket" in bad_bucket.text
    assert bad_report.status_code == 422 and "no levels kept for 1999" in bad_report.json()["error"]


async def test_a_later_end_and_a_later_rollback_change_the_figures(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    events = history()
    d2 = events.index(next(e for e in events if e.deployment_id == "d-2"))
    d4_ok = events.index(next(e for e in events if e.deployment_id == "d-4" and e.type == "deployment-succeeded"))
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER) as world:
        await world.sign_in("vi")

        async def counted(deployments: int, failed: int) -> bool:
            week = await analytics(world.client)
            figure = week["dora"]["change_failure_rate"]
            return bool(week["deployments"] == deployments and figure["failed"] == failed)

        await publish(redis_client, *events[:d2])  # d-1 succeeded, and nothing else yet
        await eventually(lambda: counted(1, 0))
        await publish(redis_client, *events[d2 : d4_ok + 1])  # d-2 and d-4 succeeded, d-3 failed
        await eventually(lambda: counted(4, 1))  # not the answer kept for the history before
        await world.caught_up()
        succeeded = (await analytics(world.client))["dora"]["deployment_frequency"]["deployment_ids"]
        await publish(redis_client, *events[d4_ok + 1 :])  # d-4 rolled back; d-5 succeeded
        await eventually(lambda: counted(5, 2))
        await world.caught_up()
        week = await analytics(world.client)
    assert succeeded == ["d-1", "d-2", "d-4"]
    assert week["dora"]["deployment_frequency"]["deployment_ids"] == ["d-1", "d-2", "d-5"], "d-4's summary replaced"
    assert week["dora"]["change_failure_rate"]["judged_ids"] == ["d-1", "d-2", "d-3", "d-4", "d-5"], "once each"
