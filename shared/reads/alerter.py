"""The alerter's board (its active alerts and who acknowledged them) and its silences, as it stores them."""

import json
from typing import Any

from redis.asyncio import Redis

from shared.keys.alerter import AlerterKeys
from shared.text import text


def json_object(raw: bytes | str | None) -> dict[str, Any]:
    """A stored JSON object; anything unreadable becomes {} so one bad entry never hides the rest."""
    try:
        data = json.loads(raw) if raw is not None else {}
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


async def alert_board(redis: Redis, own: AlerterKeys) -> dict[str, dict[str, dict[str, Any]]]:
    """{"alerts": fingerprint -> Alert, "acks": fingerprint -> {by, via, at}}."""
    alerts = await redis.hgetall(own.alerts)
    acks = await redis.hgetall(own.acks)
    return {
        "alerts": {text(k): json_object(v) for k, v in alerts.items()},
        "acks": {text(k): json_object(v) for k, v in acks.items()},
    }


async def silences(redis: Redis, own: AlerterKeys) -> dict[str, str]:
    """silence id -> SilenceCreatedPayload JSON as stored (maybe unreadable: the reader's model says)."""
    stored = await redis.hgetall(own.silences)
    return {text(k): text(v, "replace") for k, v in stored.items()}
