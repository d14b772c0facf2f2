"""Lighthouse audits of a deployment's frontends, once it succeeded: the scores go to its timeline and beside the
service's figures, and scores under the plan's minimums are reported as performance-degraded."""

import asyncio
import logging
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

from shared.backoff import Backoff
from shared.keys.monitor import MonitorKeys
from shared.plan.health import Lighthouse
from shared.plan.resolve import effective_service
from shared.streams import Keys
from shared.tasks import cancel_all

from .metrics import LighthouseMetric, Recorder
from .plans import MonitorPlans
from .providers import LighthouseScores, ProviderError, audit, judge
from .targets import Target, targets
from .timeline import milestone

log = logging.getLogger("flightdeck.monitor.external")
RECORD_TRIES = 8  # about a minute and a half of Redis away before an audit's scores are given up


class Audits:
    def __init__(self, redis: "Redis", keys: Keys, plans: MonitorPlans, recorder: Recorder) -> None:
        self.redis, self.keys, self.plans, self.recorder = redis, keys, plans, recorder
        self._running: set[asyncio.Task[None]] = set()

    async def close(self) -> None:
        """The audits under way stop (see shared/tasks.py)."""
        await cancel_all(list(self._running))

    async def deployed(self, environment: str, deployment_id: str, versions: dict[str, str]) -> None:
        """After a deployment: audit its frontends (in the background: an audit takes seconds to minutes)."""
        stored = await self.plans.current()
        if stored is None or environment not in stored.plan.environments:
            return
        for target in targets(stored.plan):
            if target.environment != environment or target.service not in versions:
                continue
            service = effective_service(stored.plan, environment, target.service)
            config = service.health.lighthouse
            if service.kind == "frontend" and config is not None:
                task = asyncio.create_task(self._audit(target, deployment_id, versions[target.service], config))
                self._running.add(task)
                task.add_done_callback(self._running.discard)

    async def _audit(self, target: Target, deployment_id: str, version: str, config: Lighthouse) -> None:
        """Audits a frontend and records the scores; a record that fails (Redis gone) is tried again a while,
        later each time, so minutes of audit are not lost to a blip."""
        try:
            scores: LighthouseScores | ProviderError = await audit(str(config.url), timeout_s=config.timeout)
        except ProviderError as exc:
            scores = exc
        backoff = Backoff(first=1.0, most=30.0)
        for tried in range(1, RECORD_TRIES + 1):
            try:
                await self._audited(target, deployment_id, version, config, scores)
                return
            except RedisError as exc:
                if tried == RECORD_TRIES:
                    log.error("the audit of %s is lost: recording it failed %d times (%s)", target.key, tried, exc)
                    return
                delay = backoff.next()
                log.warning("recording the audit of %s failed (%s); trying again in %.0fs", target.key, exc, delay)
                await asyncio.sleep(delay)

    async def _audited(
        self,
        target: Target,
        deployment_id: str,
        version: str,
        config: Lighthouse,
        scores: LighthouseScores | ProviderError,
    ) -> None:
        if isinstance(scores, ProviderError):
            await milestone(self.redis, self.keys, deployment_id, "lighthouse-failed", target.service, str(scores))
            return
        await self.redis.hset(
            MonitorKeys.of(self.keys).lighthouse(target.key),
            mapping={
                "version": version,
                "performance": scores.performance,
                "accessibility": scores.accessibility,
            },
        )
        detail = f"performance {scores.performance}, accessibility {scores.accessibility}"
        await milestone(self.redis, self.keys, deployment_id, "lighthouse", target.service, detail)
        if judge(scores, config):
            categories: list[tuple[LighthouseMetric, int, int | None]] = [
                ("lighthouse_performance", scores.performance, config.min_performance),
                ("lighthouse_accessibility", scores.accessibility, config.min_accessibility),
            ]
            for metric, score, minimum in categories:
                if minimum is not None and score < minimum:
                    await self.recorder.report(target, metric, score, minimum, version, time.time())
