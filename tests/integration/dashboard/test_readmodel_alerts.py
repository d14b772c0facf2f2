"""Silences, alerts, a deployment's log and the live snapshot as the read model answers them on a real Redis."""

from datetime import timedelta

from redis.asyncio import Redis

from services.alerter.domain.alert import Alert
from services.dashboard.readmodel.projector import Projector
from services.dashboard.readmodel.queries import ReadModel
from shared.events import AlertAcknowledged, SilenceCreated, SilenceExpired
from shared.events import alerting as a
from shared.keys.alerter import AlerterKeys
from shared.keys.dashboard import DashboardKeys
from shared.streams import Keys
from tests.support.dashboard_stories import T0, story

KEYS = DashboardKeys.of(Keys())


def silence(silence_id: str, hours: int, days_on: int = 0) -> SilenceCreated:
    starts = T0 + timedelta(days=days_on)
    payload = a.SilenceCreatedPayload(
        silence_id=silence_id,
        matchers=[a.Matcher(label="environment", value="staging")],
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        created_by="ana",
        comment="load test",
    )
    return SilenceCreated(occurred_at=starts, payload=payload)


async def test_silences_are_kept_from_their_events_and_an_old_ended_one_is_forgotten(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    expired = SilenceExpired(
        occurred_at=T0 + timedelta(minutes=5), payload=a.SilenceExpiredPayload(silence_id="s2", by="bo")
    )
    for event in [silence("s1", 2), expired, silence("s2", 2), silence("s1", 2)]:
        await projector.apply(event)
    now = T0 + timedelta(hours=1)
    assert [s.silence_id for s in await model.silences(now)] == ["s1"]
    shown = {s.silence_id: s for s in await model.silences(now, ended=True)}
    assert shown["s2"].expired_by == "bo" and shown["s2"].created_by == "ana" and shown["s1"].expired_by is None
    await projector.apply(silence("s3", 1, days_on=8))  # a week after s1 and s2 ended: they are dropped
    assert [s.silence_id for s in await model.silences(T0 + timedelta(days=8), ended=True)] == ["s3"]


def firing(fingerprint: str, severity: str, environment: str) -> Alert:
    return Alert.model_validate(
        {
            "fingerprint": fingerprint,
            "name": "deployment-failed",
            "severity": severity,
            "environment": environment,
            "deployment_id": "d-001",
            "summary": f"{fingerprint} <script>alert(1)</script>",
            "starts_at": T0.timestamp(),
            "event_id": "1-0",
        }
    )


async def test_alerts_are_the_alerters_active_ones_with_who_acknowledged_them(redis_client: Redis) -> None:
    alerter = AlerterKeys.of(Keys())
    for alert in [firing("f1", "warning", "staging"), firing("f2", "critical", "production")]:
        await redis_client.hset(alerter.alerts, alert.fingerprint, alert.model_dump_json())
    await redis_client.hset(alerter.alerts, "f3", b"{cut")
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    ack = AlertAcknowledged(
        occurred_at=T0 + timedelta(minutes=1), payload=a.AlertAcknowledgedPayload(fingerprint="f1", by="cy")
    )
    await projector.apply(ack)
    await projector.apply(ack)
    shown = await model.alerts()
    assert [alert.fingerprint for alert in shown] == ["f2", "f1"]  # most severe first; the unreadable one left out
    assert shown[1].acknowledged is not None and shown[1].acknowledged.by == "cy" and shown[0].acknowledged is None
    assert shown[0].summary == "f2 <script>alert(1)</script>"  # data, as the alerter wrote it


async def test_a_log_reads_on_from_the_last_id_seen(redis_client: Redis) -> None:
    key = Keys().deployment_log("d-001")
    for n in range(5):
        await redis_client.xadd(key, {"service": "api", "stream": "stdout", "line": f"line {n}", "ts": "t"})
    model = ReadModel(redis_client, KEYS)
    first = await model.log("d-001", limit=3)
    rest = await model.log("d-001", since=first[-1].id)
    assert [line.line for line in first + rest] == [f"line {n}" for n in range(5)]
    assert (rest[0].service, rest[0].stream) == ("api", "stdout") and await model.log("d-404") == []


async def test_a_snapshot_has_the_deployments_in_flight_first_then_the_latest(redis_client: Redis) -> None:
    projector, model = Projector(redis_client, KEYS), ReadModel(redis_client, KEYS)
    for n in range(1, 5):
        events = story(n, "staging" if n % 2 else "production", "ana", ["api"])
        for event in events if n != 1 else events[:2]:  # d-001 still running
            await projector.apply(event)
    await projector.apply(silence("s1", 2))
    everything = await model.snapshot()
    assert [v.id for v in everything.deployments] == ["d-001", "d-004", "d-003", "d-002"]
    staging = await model.snapshot(environment="staging")
    assert [v.id for v in staging.deployments] == ["d-001", "d-003"] and staging.environment == "staging"
    assert {s.environment for s in staging.services} == {"staging"}
    one = await model.snapshot(deployment="d-004")
    assert [v.id for v in one.deployments] == ["d-004"] and one.environment == "production"
    assert (await model.snapshot(deployment="d-404")).deployments == []
