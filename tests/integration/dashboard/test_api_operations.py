"""What the other services keep, over the dashboard's API as the CLI reads it (FLIGHTDECK_URL): the coordinator's
snapshots passed on as it wrote them, an environment's history newest first, what the rollback service found, who
reads the events stream, the alerter's board and silences; strangers are refused."""

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from redis.asyncio import Redis

from services.coordinator.domain.model import Deployment, EnvironmentState, Phase, Queued
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.keys.rollback import RollbackKeys
from shared.streams import Keys
from shared.text import text
from tests.support.alerting import publish
from tests.support.dashboard_stories import story
from tests.support.dashboard_world import Token, dashboard_world
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}, live: {production: true}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
T0 = datetime(2026, 11, 1, tzinfo=UTC)
COORDINATOR = CoordinatorKeys.of(Keys())
VIEWER = [("vi", "viewer", ("*",))]
VIEWER_TOKEN: list[Token] = [("ro", "vi", "viewer", ("*",))]


async def keep_deployments(redis: Redis, *ids: str) -> None:
    """Snapshots as the coordinator writes them, created a minute apart (the history's order)."""
    for n, deployment_id in enumerate(ids):
        snapshot = Deployment(
            id=deployment_id, environment="staging", phase=Phase.SUCCEEDED, created_at=T0 + timedelta(minutes=n)
        )
        await redis.set(COORDINATOR.deployment(deployment_id), snapshot.model_dump_json())
        await redis.zadd(COORDINATOR.history("staging"), {deployment_id: snapshot.created_at.timestamp()})


async def test_the_coordinators_snapshots_come_as_it_wrote_them(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    await keep_deployments(redis_client, "d-1", "d-2", "d-3")
    state = EnvironmentState(name="staging", active=Queued(id="d-3", versions={"api": "2"}))
    await redis_client.set(COORDINATOR.environment("staging"), state.model_dump_json())
    await redis_client.set(COORDINATOR.deployment("odd"), "not json {")
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=VIEWER_TOKEN) as world:
        get, as_viewer = world.client.get, world.bearer("ro")
        assert (await get("/api/v1/coordinator/deployments/d-2")).status_code == 401
        one = await get("/api/v1/coordinator/deployments/d-2", headers=as_viewer)
        assert one.status_code == 200 and Deployment.model_validate(one.json()).id == "d-2"
        assert (await get("/api/v1/coordinator/deployments/d-9", headers=as_viewer)).json() is None
        assert (await get("/api/v1/coordinator/deployments/odd", headers=as_viewer)).json() == "not json {"
        environment = await get("/api/v1/coordinator/environments/staging", headers=as_viewer)
        assert EnvironmentState.model_validate(environment.json()) == state
        assert (await get("/api/v1/coordinator/environments/live", headers=as_viewer)).json() is None
        history = await get("/api/v1/coordinator/environments/staging/history", params={"limit": 2}, headers=as_viewer)
        assert [row["id"] for row in history.json()] == ["d-3", "d-2"]
        assert [row["snapshot"]["id"] for row in history.json()] == ["d-3", "d-2"]
        too_many = await get("/api/v1/coordinator/environments/staging/history", params={"limit": 0}, headers=as_viewer)
        assert too_many.status_code == 422 and too_many.json()["fields"][0]["field"] == "limit"


async def test_findings_readers_and_the_alerters_board_for_viewers(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    rollback, alerter = RollbackKeys.of(Keys()), AlerterKeys.of(Keys())
    drift = {"desired": "1.0.0", "reported": "0.9.0", "event_id": "e-1"}
    await redis_client.hset(rollback.drift_reported("staging"), "api", json.dumps(drift))
    for incident_id, status in (("i-1", "open"), ("i-2", "resolved")):
        record = {"incident_id": incident_id, "environment": "staging", "status": status, "title": "down"}
        await redis_client.set(rollback.incident(incident_id), json.dumps(record))
        await redis_client.zadd(rollback.incidents, {incident_id: 1.0})
    await redis_client.hset(alerter.alerts, "f1", json.dumps({"fingerprint": "f1", "severity": "critical"}))
    await redis_client.hset(alerter.acks, "f1", json.dumps({"by": "ana"}))
    await redis_client.hset(alerter.alerts, "f2", "garbled")
    await redis_client.hset(alerter.silences, "s-1", '{"silence_id": "s-1"}')
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=VIEWER_TOKEN) as world:
        get, as_viewer = world.client.get, world.bearer("ro")
        found = (await get("/api/v1/rollback/environments/staging/attention", headers=as_viewer)).json()
        assert found["drift"] == {"api": drift} and [i["incident_id"] for i in found["incidents"]] == ["i-1"]
        await publish(redis_client, *story(1, "staging", "ana", ["api"]))
        newest = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis_client.xrevrange(Keys().events, count=1))
        last = text(newest[0][0])

        async def dashboard_reads() -> bool:  # the dashboard's own group, once it read the events
            readers = (await get("/api/v1/services/dashboard/readers", headers=as_viewer)).json()
            return bool(readers == {"exists": True, "last_delivered": last, "idle_s": readers["idle_s"]})

        await eventually(dashboard_reads)
        nobody = (await get("/api/v1/services/coordinator/readers", headers=as_viewer)).json()
        assert nobody == {"exists": False, "last_delivered": "0-0", "idle_s": []}
        board = (await get("/api/v1/alerter/board", headers=as_viewer)).json()
        assert board == {
            "alerts": {"f1": {"fingerprint": "f1", "severity": "critical"}, "f2": {}},
            "acks": {"f1": {"by": "ana"}},
        }
        silences = (await get("/api/v1/alerter/silences", headers=as_viewer)).json()
        assert silences == {"s-1": '{"silence_id": "s-1"}'}
        for path in ("/api/v1/alerter/board", "/api/v1/rollback/environments/staging/attention"):
            assert (await get(path)).status_code == 401


async def test_command_output_is_read_on_from_a_line_and_waited_for(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    log = Keys().deployment_log("d-1")
    first = text(await redis_client.xadd(log, {"service": "api", "line": "starting"}))
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=VIEWER, tokens=VIEWER_TOKEN) as world:
        get, as_viewer = world.client.get, world.bearer("ro")
        lines = (await get("/api/v1/deployments/d-1/output", params={"since": "0-0"}, headers=as_viewer)).json()
        assert lines == [{"id": first, "fields": {"service": "api", "line": "starting"}}]
        after = {"since": first}
        assert (await get("/api/v1/deployments/d-1/output", params=after, headers=as_viewer)).json() == []
        waiting = asyncio.create_task(
            get("/api/v1/deployments/d-1/output", params={**after, "wait_ms": 5000}, headers=as_viewer, timeout=30)
        )
        await eventually(lambda: blocked_reading(redis_client))
        await redis_client.xadd(log, {"service": "api", "line": "done"})
        answer = await waiting
        assert [line["fields"]["line"] for line in answer.json()] == ["done"]
        bad = await get("/api/v1/deployments/d-1/output", params={"since": "x"}, headers=as_viewer)
        assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "since"


async def blocked_reading(redis: Redis) -> bool:
    """A client of Redis waits in XREAD BLOCK: the dashboard holds the log read open."""
    return any(c["cmd"] == "xread" and "b" in c["flags"] for c in await redis.client_list())
