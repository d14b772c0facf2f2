"""Figures from the providers a plan names: a Prometheus server while watching, a Lighthouse audit after a
frontend is deployed. Both feed the same performance judgement (and report) as the monitor's own probes."""

import asyncio
import logging
import os
import time
from collections.abc import Mapping

import httpx
from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.plan import Plan
from shared.plan.resolve import effective_service
from shared.streams import Keys
from shared.tasks import cancel_all
from shared.text import text

from .domain.performance import Reported
from .metrics import Recorder
from .plans import MonitorPlans
from .providers import PrometheusProvider, ProviderError, audit, judge
from .targets import Target, targets
from .timeline import milestone

log = logging.getLogger("flightdeck.monitor.external")


class External:
    def __init__(self, redis: "Redis", keys: Keys, plans: MonitorPlans, recorder: Recorder, interval_s: float) -> None:
        self.redis, self.keys, self.plans, self.recorder, self.interval_s = redis, keys, plans, recorder, interval_s
        self._audits: set[asyncio.Task[None]] = set()

    def versions_key(self, environment: str) -> str:
        """What the monitor believes runs in an environment, for the {version} of provider queries."""
        return f"{self.keys.prefix}:monitor:versions:{environment}"

    async def running(self, environment: str, versions: Mapping[str, str]) -> None:
        """A deployment started or was rolled back: these versions run in `environment` now."""
        fields: dict[FieldT, EncodableT] = {service: version for service, version in versions.items()}
        await self.redis.hset(self.versions_key(environment), mapping=fields)

    async def run_forever(self) -> None:
        try:
            async with httpx.AsyncClient(timeout=10) as http:
                while True:
                    started = time.monotonic()
                    try:
                        stored = await self.plans.current()
                        if stored is not None:
                            await asyncio.gather(*(self._poll(http, stored.plan, t) for t in targets(stored.plan)))
                    except Exception:
                        log.exception("asking the metrics providers failed; trying again")
                    await asyncio.sleep(max(0.0, self.interval_s - (time.monotonic() - started)))
        finally:  # the audits it started stop with it (see shared/tasks.py)
            await cancel_all(list(self._audits))

    async def _poll(self, http: httpx.AsyncClient, plan: Plan, target: Target) -> None:
        metrics = effective_service(plan, target.environment, target.service).health.metrics
        if metrics is None:
            return
        raw = await self.redis.hget(self.versions_key(target.environment), target.service)
        version = text(raw) if raw else "unknown"
        values = {"service": target.service, "version": version, "environment": target.environment}
        try:
            provider = PrometheusProvider.for_plan(http, metrics.prometheus, values, os.environ)
            figures = await provider.figures(metrics.prometheus, values, os.environ)
        except ProviderError as exc:
            log.warning("metrics of %s: %s", target.key, exc)
            return
        if figures.get("error_rate") is None and figures.get("latency_p95_ms") is None:
            return
        reported = Reported(version, figures.get("error_rate") or 0.0, figures.get("latency_p95_ms"))
        await self.recorder.assess(target, reported, time.time(), source="prometheus")

    async def deployed(self, environment: str, deployment_id: str, versions: dict[str, str]) -> None:
        """After a deployment: audit its frontends (in the background: an audit takes seconds to minutes)."""
        stored = await self.plans.current()
        if stored is None or environment not in stored.plan.environments:
            return
        for target in targets(stored.plan):
            if target.environment != environment or target.service not in versions:
                continue
            service = effective_service(stored.plan, environment, target.service)
            if service.kind == "frontend" and service.health.lighthouse is not None:
                task = asyncio.create_task(self._audit(target, deployment_id, versions[target.service], service))
                self._audits.add(task)
                task.add_done_callback(self._audits.discard)

    async def _audit(self, target: Target, deployment_id: str, version: str, service: object) -> None:
        config = service.health.lighthouse  # type: ignore[attr-defined]
        try:
            scores = await audit(str(config.url), timeout_s=config.timeout)
        except ProviderError as exc:
            await milestone(self.redis, self.keys, deployment_id, "lighthouse-failed", target.service, str(exc))
            return
        detail = f"performance {scores.performance}, accessibility {scores.accessibility}"
        await milestone(self.redis, self.keys, deployment_id, "lighthouse", target.service, detail)
        await self.redis.hset(
            f"{self.keys.prefix}:monitor:lighthouse:{target.key}",
            mapping={
                "version": version,
                "performance": scores.performance,
                "accessibility": scores.accessibility,
            },
        )
        if judge(scores, config):
            for metric, score, minimum in (
                ("lighthouse_performance", scores.performance, config.min_performance),
                ("lighthouse_accessibility", scores.accessibility, config.min_accessibility),
            ):
                if minimum is not None and score < minimum:
                    await self.recorder.report(target, metric, score, minimum, version, time.time())
