"""The dashboard's scheduler of digests (alerting.digests): every FLIGHTDECK_DIGEST_INTERVAL it looks at the plan's
digests, and for each one due (domain/digest_schedule.py) and not sent yet, it claims the period, composes the
digest from the analytics of its environment over the period (domain/digest_compose.py) and publishes
digest-ready, which the alerter sends to the digest's channels.

Once per period: the claim is a SET NX shared by every replica; the event's id is the period's, so a digest
published again after a crash (claimed, published, not yet marked sent) is the same event, which the alerter
sends once. A claim whose replica died expires, and another replica sends it, while the period is still due."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from redis.asyncio import Redis

from shared.bus.publisher import EventPublisher
from shared.events import DigestReady
from shared.keys.dashboard import DashboardKeys
from shared.plan.cache import PlanCache
from shared.plan.digests import Digest
from shared.plan.errors import PlanError

from .domain.digest_compose import compose
from .domain.digest_schedule import Period, due
from .web.analytics_figures import AnalyticsFigures

log = logging.getLogger("flightdeck.dashboard.digests")
CLAIM_S = 300  # a replica that claimed a period and died: another sends it after this
SENT_TTL_S = 40 * 86400  # longer than any period stays due


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DigestScheduler:
    def __init__(
        self,
        redis: Redis,
        keys: DashboardKeys,
        plans: PlanCache,
        figures: AnalyticsFigures,
        publisher: EventPublisher,
        every_s: float,
        now: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.redis, self.keys, self.plans, self.figures = redis, keys, plans, figures
        self.publisher, self.every_s, self.now = publisher, every_s, now

    async def run(self) -> None:
        """Background work, for as long as the service runs; a failed look is logged and tried at the next."""
        while True:
            try:
                await self.look()
            except PlanError as exc:
                log.warning("no digest sent while the plan cannot be read: %s", exc)
            except Exception:
                log.exception("looking for digests that are due failed; trying again in %.0fs", self.every_s)
            await asyncio.sleep(self.every_s)

    async def look(self) -> list[str]:
        """Sends every digest due now and not sent yet; the ids of the digest-ready events it published."""
        stored = await self.plans.current()
        if stored is None:
            return []
        now, published = self.now(), []
        for digest in stored.plan.alerting.digests:
            period = due(digest, now)
            if period is not None and await self._claim(period):
                published.append(await self._send(digest, period))
        return published

    async def _claim(self, period: Period) -> bool:
        return bool(await self.redis.set(self.keys.digest(period.key), "claimed", nx=True, ex=CLAIM_S))

    async def _send(self, digest: Digest, period: Period) -> str:
        try:
            analytics = await self.figures.of(digest.environment, None, period.start, period.end)
            payload = compose(digest, period, analytics)
            event = DigestReady(event_id=period.event_id, environment=digest.environment, payload=payload)
            await self.publisher.publish(event)
        except BaseException:
            await self.redis.delete(self.keys.digest(period.key))  # the next look tries again
            raise
        await self.redis.set(self.keys.digest(period.key), "sent", ex=SENT_TTL_S)
        log.info(
            "digest of %s published for %s to %s",
            digest.environment,
            f"{period.start.isoformat()} .. {period.end.isoformat()}",
            ", ".join(digest.channels),
            extra={"event_id": event.event_id, "environment": digest.environment},
        )
        return event.event_id
