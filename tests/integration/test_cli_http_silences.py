"""Silences and dead letters over the dashboard's API, as over Redis: a silence expired (known or not) says the
same both ways; one added over HTTP is named as the dashboard stored it; dead letters list and replay the same for
an admin, and a viewer is told the role it needs."""

from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.bus.deadletter import dead_letter_fields
from shared.bus.delivery import Disposition, EntryFate
from shared.events import Matcher, SilenceCreated, SilenceExpired
from shared.events.alerting import SilenceCreatedPayload, SilenceExpiredPayload
from shared.keys.alerter import AlerterKeys
from shared.streams import Keys
from shared.text import text
from tests.integration.cli_http_world import Shell, shell_fixture  # noqa: F401 (a fixture)
from tests.integration.test_cli_http_actions import named
from tests.support.alerting import publish
from tests.support.deploy_world import events
from tests.support.inprocess import eventually

pytestmark = pytest.mark.integration


async def listed(shell: Shell, silence_id: str) -> bool:
    answer = await shell.world.client.get("/api/v1/silences", headers=shell.world.bearer("ro"))
    return silence_id in [s["silence_id"] for s in answer.json()]


async def test_silences_expired_say_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    now = datetime.now(UTC)
    for silence_id in ("s-a", "s-b"):  # as the alerter stores them, and as the dashboard saw them made
        quiet = SilenceCreatedPayload(
            silence_id=silence_id,
            matchers=[Matcher(label="environment", value="staging")],
            starts_at=now,
            ends_at=now + timedelta(hours=2),
            created_by="ana",
        )
        await redis_client.hset(AlerterKeys.of(Keys()).silences, silence_id, quiet.model_dump_json())
        await publish(redis_client, SilenceCreated(payload=quiet))
    await eventually(lambda: listed(shell, "s-b"))
    shell.over_redis()
    over_redis = await shell.run("silence", "expire", "s-a")
    shell.over_http()
    over_http = await shell.run("silence", "expire", "s-b")
    assert named(over_http, "s-b") == named(over_redis, "s-a") and over_http.code == 0
    ended = [e for e in await events(redis_client) if isinstance(e, SilenceExpired) and e.producer == "dashboard"]
    assert [(e.payload.silence_id, e.payload.by) for e in ended] == [("s-b", "ana")]
    unknown = await shell.both("silence", "expire", "s-none")
    assert unknown[1] == unknown[0] and unknown[0].code == 0 and "no silence s-none is stored" in unknown[0].err


async def test_a_silence_added_over_http_is_named_as_the_dashboard_stored_it(shell: Shell, redis_client: Redis) -> None:
    shell.over_http()
    added = await shell.run("silence", "add", "--match", "environment=staging", "--for", "2h", "--comment", "load")
    assert added.code == 0 and 'created: environment="staging"' in added.out
    (made,) = [e for e in await events(redis_client) if isinstance(e, SilenceCreated)]
    assert made.payload.created_by == "ana" and made.payload.comment == "load"
    assert made.payload.ends_at - made.payload.starts_at == timedelta(hours=2)
    said_id = added.out.split()[1]
    assert said_id == made.payload.silence_id or f"named this silence {made.payload.silence_id}" in added.err
    await eventually(lambda: listed(shell, made.payload.silence_id))
    assert (await shell.run("silence", "expire", made.payload.silence_id)).code == 0


async def test_dead_letters_list_and_replay_the_same_both_ways(shell: Shell, redis_client: Redis) -> None:
    keys, letters = Keys(), []
    for n in (1, 2):
        original = SilenceExpired(payload=SilenceExpiredPayload(silence_id=f"s-{n}", by="ana")).model_dump_json()
        fields = dead_letter_fields(
            entry_id=f"{n}-0",
            fields={b"__data__": original.encode()},
            source=keys.events,
            group="alerter",
            consumer="a1",
            attempt=3,
            fate=EntryFate(Disposition.DEAD, "handler-failed", "RuntimeError: full disk"),
            now=datetime.now(UTC),
        )
        stored: dict[FieldT, EncodableT] = {name: value for name, value in fields.items()}
        letters.append(text(await redis_client.xadd(keys.dead_letters, stored)))
    listing = await shell.both("dead-letters", token="root")
    assert listing[1] == listing[0] and "2 dead letter(s) in flightdeck:dead-letter" in listing[0].out
    shell.over_redis()
    over_redis = await shell.run("dead-letters", "--replay", letters[0])
    shell.over_http("root")
    over_http = await shell.run("dead-letters", "--replay", letters[1])
    assert over_redis.code == over_http.code == 0
    assert over_redis.out.startswith(f"{letters[0]}: replayed to flightdeck:events as ")
    assert over_http.out.startswith(f"{letters[1]}: replayed to flightdeck:events as ")
    assert await redis_client.xlen(keys.dead_letters) == 0
    gone = await shell.both("dead-letters", "--replay", letters[0], token="root")
    assert gone[1] == gone[0] and gone[0].code == 1 and "no such dead letter" in gone[0].out
    shell.over_http("ro")
    refused = await shell.run("dead-letters")
    assert refused.code == 4 and "refused: admin needs the admin role; vi has viewer" in refused.err
