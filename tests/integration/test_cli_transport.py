"""The Redis transport itself: following a deployment skips the entries that are no event (another producer's, a
newer version's) instead of ending the command in a traceback; a REDIS_URL redis-py cannot read, and a snapshot
this CLI cannot read, are said in a line; what the rollback service found is read with its keys."""

import json
from collections.abc import AsyncGenerator
from typing import cast

import pytest
from redis.asyncio import Redis

from cli.redis_transport import RedisTransport
from cli.transport import TransportError, connect
from shared.bus.publisher import EventPublisher
from shared.events import DeployRequested, Event
from shared.events.deployment import DeployRequestedPayload
from shared.keys.coordinator import CoordinatorKeys
from shared.keys.rollback import RollbackKeys
from shared.settings import Settings
from shared.streams import Keys


async def test_following_skips_an_entry_that_is_no_event(redis_url: str, redis_client: Redis) -> None:
    await redis_client.xadd(Keys().events, {"type": "nothing", "__data__": "not json"})
    await redis_client.xadd(Keys().events, {"type": "what", "__data__": '{"type": "from-the-future"}'})
    request = DeployRequested(
        deployment_id="d1", environment="staging", payload=DeployRequestedPayload(version="1.0.0")
    )
    await EventPublisher(redis_client, Keys(), producer="ci").publish(request)
    transport = RedisTransport(Settings(redis_url=redis_url))
    try:
        # follow is an async generator (the transport's interface says AsyncIterator): closed as one
        stream = cast(AsyncGenerator[Event | None, None], transport.follow("d1", block_ms=100))
        followed = await anext(stream)
        assert followed is not None and followed.event_id == request.event_id
        await stream.aclose()
    finally:
        await transport.close()


def test_a_redis_url_redis_cannot_read_is_a_transport_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLIGHTDECK_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://:hunter2@127.0.0.1:notaport/0")
    with pytest.raises(TransportError) as refused:
        connect()
    said = str(refused.value)
    assert said.startswith("REDIS_URL is not a URL Redis can be reached at") and "hunter2" not in said


async def test_a_snapshot_this_cli_cannot_read_is_said_in_a_line(redis_url: str, redis_client: Redis) -> None:
    await redis_client.set(CoordinatorKeys.of(Keys()).deployment("d1"), '{"id": "d1", "from": "the future"}')
    transport = RedisTransport(Settings(redis_url=redis_url))
    try:
        with pytest.raises(TransportError) as refused:
            await transport.deployment("d1")
        assert await transport.deployment("d2") is None
    finally:
        await transport.close()
    assert str(refused.value).startswith("the coordinator's snapshot of deployment d1 does not read as this CLI's")


async def test_attention_reads_what_the_rollback_service_found(redis_url: str, redis_client: Redis) -> None:
    own = RollbackKeys.of(Keys())
    drift = {"desired": "1.0.0", "reported": "0.9.0", "event_id": "e-1"}
    await redis_client.hset(own.drift_reported("staging"), "api", json.dumps(drift))
    for incident_id, environment, status in (
        ("i-1", "staging", "open"),
        ("i-2", "staging", "resolved"),
        ("i-3", "prod", "open"),
    ):
        record = {"incident_id": incident_id, "environment": environment, "status": status, "title": incident_id}
        await redis_client.set(own.incident(incident_id), json.dumps(record))
        await redis_client.zadd(own.incidents, {incident_id: 1.0})
    transport = RedisTransport(Settings(redis_url=redis_url))
    try:
        found = await transport.attention("staging")
    finally:
        await transport.close()
    assert found["drift"] == {"api": drift}
    assert [incident["incident_id"] for incident in found["incidents"]] == ["i-1"]
