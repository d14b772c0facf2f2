"""Figures from the Prometheus server a plan names, asked while watching. They feed the same performance judgement
(and report) as the monitor's own probes; a Lighthouse audit after a deployment does too (audits.py)."""

import asyncio
import logging
import os
import time
from collections.abc import Mapping

import httpx
from redis.asyncio import Redis
from redis.typing import EncodableT, FieldT

from shared.backoff import Backoff
from shared.keys.monitor import MonitorKeys
from shared.plan import Plan
from shared.plan.resolve import effective_service
from shared.streams import Keys
from shared.text import text

from .domain.performance import Reported
from .metrics import Recorder
from .plans import MonitorPlans
from .providers import PrometheusProvider, ProviderError
from .targets import Target, targets

log = logging.getLogger("flightdeck.monitor.external")


class External:
    def __init__(self, redis: "Redis", keys: Keys, plans: MonitorPlans, recorder: Recorder, interval_s: float) -> None:
        self.redis, self.keys, self.plans, self.recorder, self.interval_s = redis, keys, plans, recorder, interval_s

    def versions_key(self, environment: str) -> str:
        """What the monitor believes runs in an environment, for the {version} of provider queries."""
        return MonitorKeys.of(self.keys).versions(environment)

    async def running(self, environment: str, versions: Mapping[str, str]) -> None:
        """A deployment started or was rolled back: these versions run in `environment` now."""
        fields: dict[FieldT, EncodableT] = {service: version for service, version in versions.items()}
        await self.redis.hset(self.versions_key(environment), mapping=fields)

    async def run_forever(self) -> None:
        """Asks the providers once an interval; outlives Redis going away (logs, waits longer each time in a row)."""
        backoff = Backoff(first=self.interval_s, most=max(60.0, self.interval_s))
        async with httpx.AsyncClient(timeout=10) as http:
            while True:
                started = time.monotonic()
                try:
                    stored = await self.plans.current()
                    if stored is not None:
                        await asyncio.gather(*(self._poll(http, stored.plan, t) for t in targets(stored.plan)))
                except Exception:
                    wait = backoff.next()
                    log.exception("asking the metrics providers failed; trying again in %.0fs", wait)
                else:
                    backoff.reset()
                    wait = self.interval_s
                await asyncio.sleep(max(0.0, wait - (time.monotonic() - started)))

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
