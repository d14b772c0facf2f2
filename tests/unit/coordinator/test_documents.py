"""A deployment as a hash document (pure): written whole once, then only the head and what a decision changed;
read back from its fields as it was, its services in their order."""

import json

from services.coordinator.documents import decode, writes, written
from services.coordinator.domain import progress
from services.coordinator.domain.model import Deployment, Step
from services.coordinator.domain.transition import Transition
from shared.documents.layout import STAMP, compose, entry_field, keys_field
from tests.unit.coordinator.scenario import World

WIDE = {
    "version": 1,
    "max_parallelism": 50,
    "environments": {"staging": {}},
    "services": {f"s{i:03}": {"kind": "job", "deploy": ["./deploy.sh", "{service}"]} for i in range(100)},
}


def stored(deployment: Deployment) -> dict[str, str]:
    """Every field of its hash, as the first write leaves it."""
    done = writes(deployment, None, "1.me")
    assert done.full and done.fields[STAMP] == "1.me"
    return done.fields


def test_a_deployment_reads_back_from_its_fields_as_it_was() -> None:
    world = World(plan=WIDE)
    world.request("d1", version="2.0")
    deployment = world.deployments["d1"]
    fields = stored(deployment)
    assert list(json.loads(fields[keys_field("services")])) == list(deployment.services)
    back, memo = decode(Deployment, fields)
    assert back == deployment and list(back.services) == list(deployment.services)
    assert memo.stamp == "1.me" and STAMP not in memo.texts


def test_an_event_writes_the_head_and_the_one_service_it_changed() -> None:
    world = World(plan=WIDE)
    world.request("d1", version="2.0")
    deployment, memo = decode(Deployment, stored(world.deployments["d1"]))
    transition = Transition(world.env)
    progress.deployed(transition, transition.keep(deployment), "s007", world.now)
    assert deployment.services["s007"].step is Step.PASSED
    deployment.version += 1  # as the store does on every write
    done = writes(deployment, memo, "2.me")
    assert not done.full and not done.gone
    assert sorted(done.fields) == sorted(["head", entry_field("services", "s007"), STAMP])
    after = written(memo, done)
    assert Deployment.model_validate_json(compose({**after.texts, STAMP: after.stamp})) == deployment


def test_a_service_removed_or_added_rewrites_the_key_list_and_drops_its_entry() -> None:
    world = World(plan=WIDE)
    world.request("d1", version="2.0")
    deployment, memo = decode(Deployment, stored(world.deployments["d1"]))
    deployment.services.pop("s001")
    done = writes(deployment, memo, "2.me")
    assert done.gone == [entry_field("services", "s001")]
    assert "s001" not in json.loads(done.fields[keys_field("services")])


def test_a_mapping_replaced_whole_is_written_whole() -> None:
    world = World(plan=WIDE)
    world.request("d1", version="2.0")
    deployment, memo = decode(Deployment, stored(world.deployments["d1"]))
    deployment.specs = dict(list(deployment.specs.items())[:3])
    done = writes(deployment, memo, "2.me")
    assert len(done.gone) == 97 and keys_field("specs") in done.fields
    after = written(memo, done)
    assert Deployment.model_validate_json(compose({**after.texts, STAMP: after.stamp})) == deployment
