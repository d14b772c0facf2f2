"""What analytics reads, kept by the projector: a compact summary of each ended deployment (domain/summary.py) in
sorted sets by its end (one for all, one per environment; the member is the summary itself, so a range is one
ZRANGEBYSCORE), and the monitor's performance findings and health changes by when they happened (capped). A
token per day, set anew with every change of a summary of that day, tells a reader when what it kept of the day
is out of date (readmodel/analytics_reader.py).

A summary is made from the view as stored, WATCHed, so two replicas folding events of one deployment at once
never leave the older summary last. Writing one again changes nothing."""

import json
import uuid
from collections.abc import Sequence
from typing import cast

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from services.dashboard.domain.summary import decode, encode, summarize
from services.dashboard.domain.views import TERMINAL, DeploymentView
from shared.events import Event, HealthDegraded, HealthRecovered, PerformanceDegraded
from shared.keys.dashboard import DashboardKeys
from shared.transact import transact

DAY_MS = 86_400_000
KEEP = 20_000  # findings and health changes kept: months of them for a fleet whose health changes a few times a day


class AnalyticsKeys:
    def __init__(self, keys: DashboardKeys) -> None:
        self.keys, self.base = keys, f"{keys.base}:analytics"

    def ended(self, environment: str | None = None) -> str:
        """sorted set: summaries (compact JSON) of the ended deployments, by their end in ms; all or one environment."""
        return f"{self.base}:ended" if environment is None else f"{self.base}:ended:{environment}"

    def summary(self, deployment_id: str) -> str:
        """string: the deployment's summary as it stands in the sorted sets (to take it out when it changes)."""
        return f"{self.base}:summary:{deployment_id}"

    @property
    def findings(self) -> str:
        """sorted set: performance-degraded findings (JSON, with the event id) by their window's start in ms."""
        return f"{self.base}:findings"

    @property
    def days(self) -> str:
        """hash "{environment or *}:{day start in ms}" -> a token set anew whenever a summary of that day (and
        environment, or any) changes: the same token, the same summaries; none, no summary that day."""
        return f"{self.base}:days"

    @property
    def health(self) -> str:
        """sorted set: health changes (JSON, with the event id) by when they happened, in ms."""
        return f"{self.base}:health"


def day_start_ms(at: float) -> int:
    return int(at * 1000) // DAY_MS * DAY_MS


def day_field(environment: str | None, at: float) -> str:
    """The field of the day of `at` in AnalyticsKeys.days, for one environment or (None) all of them."""
    return f"{environment or '*'}:{day_start_ms(at)}"


class AnalyticsWriter:
    def __init__(self, redis: Redis, keys: DashboardKeys) -> None:
        self.redis, self.keys, self.at = redis, keys, AnalyticsKeys(keys)

    async def apply(self, event: Event, view: DeploymentView | None) -> None:
        match event:
            case HealthDegraded() | HealthRecovered():
                change = [event.environment, event.service, event.payload.status, event.event_id]
                await self._keep(self.at.health, change, event.occurred_at.timestamp())
            case PerformanceDegraded(payload=p):
                finding = [event.environment, event.service, p.version, p.metric, p.value, p.previous_value]
                finding += [p.previous_version, event.event_id]
                await self._keep(self.at.findings, finding, p.bucket_start)
        if view is not None and view.status in TERMINAL:
            await self.summarize(view.id)

    async def _keep(self, key: str, row: Sequence[object], at: float) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {json.dumps(row, separators=(",", ":")): int(at * 1000)})
            pipe.zremrangebyrank(key, 0, -KEEP - 1)
            await pipe.execute()

    async def summarize(self, deployment_id: str) -> None:
        """The summary of the deployment's stored view, in place of the one before, if the view has ended."""
        view_key, summary_key = self.keys.deployment(deployment_id), self.at.summary(deployment_id)

        async def attempt(pipe: Pipeline) -> None:
            await pipe.watch(view_key, summary_key)
            raw, old = await pipe.get(view_key), cast(bytes | None, await pipe.get(summary_key))
            view = DeploymentView.model_validate_json(raw) if raw else None
            if view is None or view.status not in TERMINAL:
                return
            summary = summarize(view)
            member = encode(summary)
            if old is not None and old.decode() == member:
                return
            pipe.multi()  # type: ignore[no-untyped-call]  # redis-py leaves Pipeline.multi unannotated
            score, touched = int(summary.ended * 1000), {(view.environment, summary.ended)}
            if old is not None:
                before = decode(old)
                pipe.zrem(self.at.ended(), old)
                pipe.zrem(self.at.ended(before.environment), old)
                touched.add((before.environment, before.ended))
            pipe.zadd(self.at.ended(), {member: score})
            pipe.zadd(self.at.ended(view.environment), {member: score})
            pipe.set(summary_key, member)
            token = uuid.uuid4().hex  # a token, not a counter: a rebuild starts no count again
            fields = {day_field(scope, at) for environment, at in touched for scope in (environment, None)}
            pipe.hset(self.at.days, mapping=dict.fromkeys(fields, token))
            await pipe.execute()

        await transact(self.redis, attempt, what=f"the summary of deployment {deployment_id}")
