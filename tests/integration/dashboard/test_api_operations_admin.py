"""The dead letters over the dashboard's API: an admin of every environment lists them and replays one (back on its
source stream, out of the dead letters); a deployer, a viewer and an admin held to one environment are refused
with the role named; a replay of what is not there answers null."""

from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.bus.deadletter import dead_letter_fields
from shared.bus.delivery import Disposition, EntryFate
from shared.events import DeployRequested
from shared.streams import Keys
from shared.text import text
from tests.support.dashboard_world import Token, dashboard_world
from tests.support.samples import sample

Entries = list[tuple[bytes, dict[bytes, bytes]]]  # our clients do not decode responses
PLAN = """
version: 1
environments: {staging: {}, live: {}}
services:
  api: {kind: job, deploy: ["./api"]}
"""
USERS = [("ad", "admin", ("*",)), ("st", "admin", ("staging",)), ("dee", "deployer", ("*",))]
TOKENS: list[Token] = [
    ("root", "ad", "admin", ("*",)),
    ("half", "st", "admin", ("staging",)),
    ("ci", "dee", "deployer", ("*",)),
]


async def test_admins_of_every_environment_list_and_replay_dead_letters(
    redis_url: str, redis_client: Redis, tmp_path: Path
) -> None:
    keys = Keys()
    original = sample(DeployRequested).model_dump_json().encode()  # a handler failed on it; fixed since
    fields = dead_letter_fields(
        entry_id="1-1",
        fields={b"__data__": original},
        source=keys.events,
        group="coordinator",
        consumer="c1",
        attempt=3,
        fate=EntryFate(Disposition.DEAD, "handler-failed", "RuntimeError: the disk was full"),
        now=datetime.now(UTC),
    )
    stored: dict[FieldT, EncodableT] = {name: value for name, value in fields.items()}
    dead = text(await redis_client.xadd(keys.dead_letters, stored))
    async with dashboard_world(redis_url, redis_client, tmp_path, PLAN, users=USERS, tokens=TOKENS) as world:
        client = world.client
        for token in ("ci", "half"):
            refused = await client.get("/api/v1/dead-letters", headers=world.bearer(token))
            assert refused.status_code == 403 and refused.json()["needed_role"] == "admin", token
            replay = await client.post(f"/api/v1/dead-letters/{dead}/replay", headers=world.bearer(token))
            assert replay.status_code == 403, token
        assert "may act only in staging" in refused.json()["error"]
        listed = (await client.get("/api/v1/dead-letters", headers=world.bearer("root"))).json()
        assert listed["where"] == keys.dead_letters
        assert listed["letters"] == [
            {
                "id": dead,
                "reason": "handler-failed",
                "group": "coordinator",
                "source_id": "1-1",
                "error": "RuntimeError: the disk was full",
            }
        ]
        replayed = (await client.post(f"/api/v1/dead-letters/{dead}/replay", headers=world.bearer("root"))).json()
        assert replayed["replayed"]["source"] == keys.events
        back = cast(Entries, await redis_client.xrange(keys.events, min=replayed["replayed"]["entry_id"]))
        ((_, entry),) = back
        assert entry == {b"__data__": original}
        assert await redis_client.xlen(keys.dead_letters) == 0
        again = await client.post(f"/api/v1/dead-letters/{dead}/replay", headers=world.bearer("root"))
        assert again.status_code == 200 and again.json() == {"replayed": None}
        bad = await client.post("/api/v1/dead-letters/nope/replay", headers=world.bearer("root"))
        assert bad.status_code == 422
