"""What the streams say to people: who reads the events stream (a service's consumer group), a deployment's
command output read on from a line, and the dead letters, with the one write an operator makes here: a replay,
in a transaction (XADD to its source stream and XDEL from the dead letters, together or not at all)."""

from typing import Any, cast

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from redis.typing import EncodableT, FieldT

from shared.bus.deadletter import original_fields, read_dead_letters
from shared.streams import Keys
from shared.text import text, texts

LOG_PAGE = 1000  # lines of command output per read


async def readers(redis: Redis, keys: Keys, service: str) -> dict[str, Any]:
    """{"exists", "last_delivered", "idle_s": [per consumer, since it last read]}; exists False when no such
    service ever read the events stream here."""
    try:
        groups = await redis.xinfo_groups(keys.events)
        group = next((g for g in groups if text(g["name"]) == service), None)
        if group is None:
            return {"exists": False, "last_delivered": "0-0", "idle_s": []}
        consumers = await redis.xinfo_consumers(keys.events, service)
    except ResponseError:  # no stream yet
        return {"exists": False, "last_delivered": "0-0", "idle_s": []}
    idle = [int(c["idle"]) / 1000 for c in consumers]
    return {"exists": True, "last_delivered": text(group["last-delivered-id"]), "idle_s": idle}


async def command_log(
    redis: Redis, keys: Keys, deployment_id: str, since: str, block_ms: int | None
) -> list[tuple[str, dict[str, str]]]:
    """Lines of the deployment's commands after `since` ("0-0": from the start), waiting up to block_ms for one."""
    found = cast(  # our clients do not decode responses
        list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] | None,
        await redis.xread({keys.deployment_log(deployment_id): since}, count=LOG_PAGE, block=block_ms),
    )
    return [(text(i), texts(f, "replace")) for _, entries in found or [] for i, f in entries]


async def dead_letters(redis: Redis, keys: Keys, count: int) -> list[dict[str, str]]:
    """The oldest `count` dead letters: {id, reason, group, source_id, error} each."""
    return [
        {
            "id": row["id"],
            "reason": row.get("reason", "?"),
            "group": row.get("group", "?"),
            "source_id": row.get("source_id", "?"),
            "error": row.get("error", ""),
        }
        for row in await read_dead_letters(redis, keys, count)
    ]


async def replay(redis: Redis, keys: Keys, entry_id: str) -> dict[str, str] | None:
    """Puts the dead letter `entry_id` back on its source stream: {source, entry_id} (its new id there); None when
    there is no such dead letter."""
    found = cast(
        list[tuple[bytes, dict[bytes, bytes]]],  # our clients do not decode responses
        await redis.xrange(keys.dead_letters, min=entry_id, max=entry_id),
    )
    if not found:
        return None
    record = found[0][1]
    source = text(record[b"source_stream"])
    async with redis.pipeline(transaction=True) as pipe:
        # as xadd types its fields (a dict is invariant: dict[bytes, bytes] is not one of these)
        fields: dict[FieldT, EncodableT] = {name: value for name, value in original_fields(record).items()}
        pipe.xadd(source, fields)
        pipe.xdel(keys.dead_letters, entry_id)
        new_id, _ = await pipe.execute()
    return {"source": source, "entry_id": text(new_id)}
