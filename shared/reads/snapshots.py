"""The coordinator's snapshots as it wrote them (JSON text: the reader's models decide whether they read, so a CLI
of another version says so instead of the server guessing), whatever their layout in Redis (a hash, or the plain
JSON string of earlier releases: shared/documents), and what the rollback service found in an environment."""

import json
from typing import Any, cast

from redis.asyncio import Redis

from shared.documents.reading import read_text
from shared.keys.coordinator import CoordinatorKeys
from shared.keys.rollback import RollbackKeys
from shared.streams import Keys
from shared.text import text

INCIDENTS_LOOKED_AT = 200  # the newest incidents: an open one older than these is long forgotten by anybody


async def deployment(redis: Redis, own: CoordinatorKeys, deployment_id: str) -> str | None:
    """The deployment's snapshot (Deployment JSON); None when there is none."""
    return await read_text(redis, own.deployment(deployment_id), "replace")


async def environment(redis: Redis, own: CoordinatorKeys, name: str) -> str | None:
    """The environment's state (EnvironmentState JSON); None before anything happened there."""
    return await read_text(redis, own.environment(name), "replace")


async def history(redis: Redis, own: CoordinatorKeys, environment_name: str, limit: int) -> list[tuple[str, str]]:
    """The environment's latest deployments, newest first, as (id, snapshot); one gone since the index named it is
    left out."""
    ids = [text(i) for i in cast(list[bytes], await redis.zrevrange(own.history(environment_name), 0, limit - 1))]
    found = [(i, await deployment(redis, own, i)) for i in ids]
    return [(i, snapshot) for i, snapshot in found if snapshot is not None]


def _loaded(raw: bytes | str | None) -> Any:
    try:
        return json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError):
        return {}


def _open_in(record: Any, environment_name: str) -> bool:
    return isinstance(record, dict) and record.get("environment") == environment_name and record.get("status") == "open"


async def attention(redis: Redis, keys: Keys, environment_name: str) -> dict[str, Any]:
    """{"drift": service -> {desired, reported, event_id}, "incidents": [the open incidents' records]}."""
    return (await attention_in(redis, keys, [environment_name]))[environment_name]


async def attention_in(redis: Redis, keys: Keys, environment_names: list[str]) -> dict[str, dict[str, Any]]:
    """attention() of each environment named, the newest incidents read once for all of them."""
    own = RollbackKeys.of(keys)
    ids = cast(list[bytes], await redis.zrevrange(own.incidents, 0, INCIDENTS_LOOKED_AT - 1))
    records = [_loaded(raw) for raw in await redis.mget([own.incident(text(i)) for i in ids])] if ids else []
    found: dict[str, dict[str, Any]] = {}
    for name in environment_names:
        drift = await redis.hgetall(own.drift_reported(name))
        found[name] = {
            "drift": {text(k): _loaded(v) for k, v in drift.items()},
            "incidents": [record for record in records if _open_in(record, name)],
        }
    return found
