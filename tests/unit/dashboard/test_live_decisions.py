"""Live updates' decisions with plain values: where a client's stream starts, what it watches, how an entry is
framed, and when a client is dropped."""

import json

import pytest

from services.dashboard.live.frames import LiveEvent, Notice, live_event, stream_id
from services.dashboard.live.hub import Subscriber
from services.dashboard.live.interest import Interest, StreamState, start_of
from shared.bus.codec import data
from shared.events import DeployRequested, PlanApplied
from shared.events.deployment import DeployRequestedPayload
from shared.events.operations import PlanAppliedPayload


def event(deployment: str | None, environment: str | None, entry: str = "5-0") -> LiveEvent:
    return LiveEvent(entry, "deploy-requested", deployment, environment, "{}")


def test_stream_ids_order_as_numbers_and_refuse_what_is_none() -> None:
    assert stream_id("10-0") > stream_id("9-99") and stream_id("7") == (7, 0) and stream_id("-") == (0, 0)
    for wrong in ("", "abc", "1-x", "-1"):
        with pytest.raises(ValueError, match="not a stream id"):
            stream_id(wrong)


def test_a_stream_starts_live_replayed_or_from_a_snapshot() -> None:
    whole, trimmed = StreamState((1, 0), removed=False), StreamState((9, 0), removed=True)
    assert start_of(None, False, whole) == "live"
    assert start_of((5, 0), True, whole) == "replay"
    assert start_of((0, 0), False, whole) == "replay"  # from the start of a stream that lost nothing
    assert start_of((5, 0), True, StreamState((3, 0), removed=True, last_deleted=(4, 0))) == "replay"
    assert start_of((5, 0), True, StreamState((3, 0), removed=True, last_deleted=(6, 0))) == "snapshot"  # XDEL'd
    assert start_of((5, 0), False, trimmed) == "snapshot"  # 6-8 may have been trimmed unseen
    assert start_of((5, 0), False, StreamState(None, removed=True)) == "snapshot"  # trimmed to empty
    assert start_of((12, 0), False, trimmed) == "replay"  # an id between entries, none removed after it
    assert start_of((9, 0), True, trimmed) == "replay"


def test_interest_in_everything_an_environment_or_a_deployment() -> None:
    staging, plan = event("d-1", "staging"), event(None, None)
    assert Interest().wants(staging) and Interest().wants(plan)
    assert Interest(environment="staging").wants(staging) and Interest(environment="staging").wants(plan)
    assert not Interest(environment="production").wants(staging)
    assert Interest(deployment="d-1").wants(staging) and not Interest(deployment="d-1").wants(plan)
    assert not Interest(deployment="d-2").wants(staging)
    assert Interest(deployment="d-1").describe() == "deployment d-1"


def test_an_entry_framed_once_for_both_transports_with_its_stream_id() -> None:
    published = DeployRequested(
        deployment_id="d-1", environment="staging", payload=DeployRequestedPayload(version="1", reason="<b>x</b>")
    )
    found = live_event(b"7-1", {b"__data__": data(published)})
    assert found is not None and (found.id, found.deployment_id, found.environment) == ("7-1", "d-1", "staging")
    framed = json.loads(found.ws_text)
    assert framed["kind"] == "event" and framed["id"] == "7-1" and framed["event"]["payload"]["reason"] == "<b>x</b>"
    assert found.sse_text.startswith("id: 7-1\nevent: deploy-requested\ndata: {") and found.sse_text.endswith("}\n\n")
    plan = PlanApplied(payload=PlanAppliedPayload(revision=2, source="f.yaml", services=["api"]))
    plan_fields = {b"__data__": plan.model_dump_json().encode()}
    assert (live := live_event("8-0", plan_fields)) is not None and live.environment is None
    for junk in ({b"other": b"1"}, {b"__data__": b"not json"}, {b"__data__": b'{"type": "made-up"}'}):
        assert live_event("9-0", junk) is None
    dropped = Notice("dropped", {"reason": "too slow"})
    assert json.loads(dropped.ws_text) == {"kind": "dropped", "reason": "too slow"}
    assert dropped.sse_text == 'event: dropped\ndata: {"reason": "too slow"}\n\n'


def test_a_client_that_falls_behind_is_dropped_with_the_reason() -> None:
    subscriber = Subscriber(Interest(environment="staging"), "sse", size=2)
    subscriber.offer(event("d-1", "production"))  # not watched: takes no room
    for n in range(2):
        subscriber.offer(event("d-1", "staging", f"{n + 1}-0"))
    assert subscriber.dropped is None and subscriber.queue.qsize() == 2
    subscriber.offer(event("d-1", "staging", "3-0"))
    assert subscriber.dropped is not None and "too slow: 2 events behind" in subscriber.dropped
    assert subscriber.gone.is_set()
    subscriber.offer(event("d-1", "staging", "4-0"))
    assert subscriber.queue.qsize() == 2
