"""The alerting writes over real HTTP: an alert acknowledged and silences created and expired by a deployer
held to staging, each published with who did it; outside its environment refused; a bad window named."""

from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis

from services.alerter.domain.alert import Alert
from shared.events import AlertAcknowledged, SilenceCreated, SilenceExpired
from shared.keys.alerter import AlerterKeys
from tests.support.dashboard_world import Token, User, dashboard_world
from tests.support.deploy_world import events
from tests.support.inprocess import eventually

PLAN = """
version: 1
environments: {staging: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
DEPLOYER: list[User] = [("dee", "deployer", ("staging",))]
TOKEN: list[Token] = [("ci", "dee", "deployer", ("staging",))]


def alert(fingerprint: str, environment: str) -> Alert:
    fields = {"name": "deployment-failed", "severity": "critical", "environment": environment, "summary": "down"}
    return Alert.model_validate(
        fields | {"fingerprint": fingerprint, "starts_at": datetime.now(UTC).timestamp(), "event_id": "1-0"}
    )


async def test_acks_and_silences_from_a_deployer_held_to_staging(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=DEPLOYER, tokens=TOKEN) as world:
        alerts = AlerterKeys.of(world.runtime.keys).alerts  # as the alerter keeps them
        for fingerprint, environment in (("f1", "staging"), ("f2", "production")):
            await redis_client.hset(alerts, fingerprint, alert(fingerprint, environment).model_dump_json())
        client = world.client
        client.headers.update(world.bearer("ci"))
        acked = await client.post("/api/v1/alerts/f1/ack", json={"comment": "on it"})
        assert acked.status_code == 202, acked.text
        assert (await client.post("/api/v1/alerts/f2/ack", json={})).status_code == 403
        assert (await client.post("/api/v1/alerts/f9/ack", json={})).status_code == 404
        (ack,) = [e for e in await events(redis_client) if isinstance(e, AlertAcknowledged)]
        assert (ack.payload.fingerprint, ack.payload.by, ack.payload.via) == ("f1", "dee", "dashboard")

        staging = [
            {"label": "environment", "value": "staging"},
            {"label": "service", "op": "=~", "value": "api|web"},
        ]
        made = await client.post("/api/v1/silences", json={"matchers": staging, "duration": "2h", "comment": "load"})
        assert made.status_code == 202, made.text
        everywhere = [{"label": "service", "value": "api"}]
        refused = await client.post("/api/v1/silences", json={"matchers": everywhere, "duration": "2h"})
        assert refused.status_code == 403 and "only in staging" in refused.json()["error"]
        past = await client.post("/api/v1/silences", json={"matchers": staging, "ends_at": "2020-01-01T00:00:00Z"})
        assert past.status_code == 422 and past.json()["fields"][0]["field"] == "ends_at"
        regex = [{"label": "service", "op": "=~", "value": "(api"}, *staging[:1]]
        broken = await client.post("/api/v1/silences", json={"matchers": regex, "duration": "1h"})
        assert broken.status_code == 422 and broken.json()["fields"][0]["field"] == "matchers[0]"
        (created,) = [e for e in await events(redis_client) if isinstance(e, SilenceCreated)]
        assert created.payload.silence_id == made.json()["silence_id"] and created.payload.created_by == "dee"

        async def listed() -> bool:
            return [s["silence_id"] for s in (await client.get("/api/v1/silences")).json()] == [
                made.json()["silence_id"]
            ]

        await eventually(listed)
        expired = await client.delete(f"/api/v1/silences/{created.payload.silence_id}")
        assert expired.status_code == 202, expired.text
        (ended,) = [e for e in await events(redis_client) if isinstance(e, SilenceExpired)]
        assert (ended.payload.silence_id, ended.payload.by) == (created.payload.silence_id, "dee")
        assert (await client.delete("/api/v1/silences/s-none")).status_code == 404
