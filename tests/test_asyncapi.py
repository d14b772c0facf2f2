"""The AsyncAPI documents in docs/asyncapi/ are generated from the code and must match it."""

import json
from pathlib import Path

import pytest

from cli.asyncapi import DOCS, document
from cli.services import definition
from shared.streams import SERVICES

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", SERVICES)
def test_checked_in_document_matches_the_code(name: str) -> None:
    path = ROOT / DOCS / f"{name}.json"
    assert path.exists(), f"{path} is missing: run `flightdeck asyncapi` and commit it"
    assert path.read_text() == document(name), f"{path} is out of date: run `flightdeck asyncapi` and commit it"


@pytest.mark.parametrize("name", SERVICES)
def test_document_names_every_event_consumed_and_produced(name: str) -> None:
    doc = json.loads(document(name))
    schemas = set(doc["components"]["schemas"])
    service = definition(name)
    for event in (*service.consumes, *service.produces):
        assert event.__name__ in schemas, f"{name}'s AsyncAPI document lacks {event.__name__}"
    channels = {
        f"flightdeck:events:{name}:consumes": service.consumes,
        f"flightdeck:events:{name}:publishes": service.produces,
    }
    assert set(doc["channels"]) == {channel for channel, events in channels.items() if events}
