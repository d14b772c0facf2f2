"""Silences and what was done about alerts, folded into the read model (one hash each, WATCHed like the services'
hashes), and the alerts as the dashboard lists them: the alerter's active ones (AlerterKeys, read only) with that
activity. A silence is kept a week after it ended, then dropped the next time any silence changes."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast

from pydantic import BaseModel
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from services.dashboard.domain.alerts import (
    AlertActivity,
    AlertView,
    SilenceView,
    alert_view,
    most_severe_first,
    project_activity,
    project_silence,
)
from shared.events import AlertAcknowledged, AlertEscalated, Event, SilenceCreated, SilenceExpired
from shared.keys.alerter import AlerterKeys
from shared.keys.dashboard import DashboardKeys
from shared.text import text
from shared.transact import transact

KEEP_ENDED = timedelta(days=7)
NEVER = datetime.min.replace(tzinfo=UTC)
V = TypeVar("V", bound=BaseModel)


async def _fold(
    redis: Redis, key: str, field: str, kind: type[V], step: Callable[[V | None], V | None], what: str
) -> None:
    async def attempt(pipe: Pipeline) -> None:
        await pipe.watch(key)
        raw = await pipe.hget(key, field)
        before = kind.model_validate_json(raw) if raw else None
        after = step(before)
        if after is None or after == before:
            return
        pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
        pipe.hset(key, field, after.model_dump_json())
        await pipe.execute()

    await transact(redis, attempt, what=what)


class AlertsWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys = redis, keys

    async def apply(self, event: Event) -> None:
        match event:
            case SilenceCreated(payload=p) | SilenceExpired(payload=p):
                await _fold(
                    self.redis,
                    self.keys.silences,
                    p.silence_id,
                    SilenceView,
                    lambda view: project_silence(view, event),
                    f"silence {p.silence_id}",
                )
                await self._forget_ended(event.occurred_at)
            case AlertAcknowledged(payload=p) | AlertEscalated(payload=p):
                await _fold(
                    self.redis,
                    self.keys.alert_activity,
                    p.fingerprint,
                    AlertActivity,
                    lambda activity: project_activity(activity, event),
                    f"alert {p.fingerprint}",
                )

    async def _forget_ended(self, now: datetime) -> None:
        """Silences that ended over a week before `now` (the event's time, so a rebuild forgets the same ones)."""
        stale = [s.silence_id for s in await silences(self.redis, self.keys) if _ended_before(s, now - KEEP_ENDED)]
        if stale:
            await self.redis.hdel(self.keys.silences, *stale)


def _ended_before(silence: SilenceView, when: datetime) -> bool:
    ended = silence.expired_at or silence.ends_at
    return ended is not None and ended < when


async def silences(redis: Redis, keys: DashboardKeys) -> list[SilenceView]:
    """Every silence kept, soonest start first."""
    stored = cast(dict[bytes, bytes], await redis.hgetall(keys.silences))
    views = [SilenceView.model_validate_json(raw) for raw in stored.values()]
    return sorted(views, key=lambda s: (s.starts_at or s.expired_at or NEVER, s.silence_id))


async def alerts(redis: Redis, keys: DashboardKeys, alerter: AlerterKeys) -> list[AlertView]:
    """The alerter's active alerts, most severe first, each with who acknowledged it and how far it escalated."""
    async with redis.pipeline(transaction=False) as pipe:
        pipe.hgetall(alerter.alerts)
        pipe.hgetall(keys.alert_activity)
        records, activity = cast(list[dict[bytes, bytes]], await pipe.execute())
    done = {text(fp): AlertActivity.model_validate_json(raw) for fp, raw in activity.items()}
    views = [alert_view(text(fp), _record(raw), done.get(text(fp))) for fp, raw in records.items()]
    return most_severe_first([view for view in views if view is not None])


def _record(raw: bytes) -> dict[str, Any]:
    """The alerter's JSON for one alert; {} (left out of the list) when it cannot be read."""
    try:
        found = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return found if isinstance(found, dict) else {}
