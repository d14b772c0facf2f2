"""Every event type survives the trip through a real stream, a consumer group and the dispatcher, unchanged."""

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import EVENT_CLASSES, Event
from shared.streams import Keys
from tests.support.inprocess import definition, eventually, recording, running
from tests.support.samples import every_event


async def test_every_event_type_round_trips(redis_url: str, redis_client: Redis) -> None:
    received: list[Event] = []
    sent = every_event()
    assert {e.type for e in sent} == set(EVENT_CLASSES)
    async with running(definition("roundtrip", recording(received)), redis_url):
        await EventPublisher(redis_client, Keys(), producer="tests").publish_many(sent)
        await eventually(lambda: len(received) >= len(sent))
    assert sorted(received, key=lambda e: e.type) == sorted(sent, key=lambda e: e.type)
    summary = await redis_client.xpending(Keys().events, "roundtrip")
    assert summary["pending"] == 0


async def test_a_group_created_late_still_sees_earlier_events(redis_url: str, redis_client: Redis) -> None:
    received: list[Event] = []
    early = every_event()[:3]
    await EventPublisher(redis_client, Keys(), producer="tests").publish_many(early)
    async with running(definition("latecomer", recording(received)), redis_url):
        await eventually(lambda: len(received) == 3)
    assert [e.event_id for e in received] == [e.event_id for e in early]


async def test_publisher_stamps_its_name_as_producer(redis_url: str, redis_client: Redis) -> None:
    received: list[Event] = []
    event = every_event(producer="unknown")[0]
    async with running(definition("stamps", recording(received)), redis_url):
        await EventPublisher(redis_client, Keys(), producer="coordinator").publish(event)
        await eventually(lambda: len(received) == 1)
    assert received[0].producer == "coordinator"
    assert received[0].event_id == event.event_id
