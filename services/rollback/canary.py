"""While a deployment bakes, judges each changed service's new version against its previous one (the canary judge)
on the monitor's probe figures, and hands a failing judgement to the policy as a metric finding.

The figures are the monitor's series (series.py): one entry per bucket with the version the service reported, its
error rate and latency percentiles."""

import asyncio
import logging
import os
import time

from shared.runtime import ServiceContext

from .domain.canary_metric import JudgeConfig, MetricSamples, MetricSpec
from .domain.judge import judge
from .domain.policy import Finding
from .inflight import InFlight, Watch
from .policy import Policy
from .series import newest_buckets

log = logging.getLogger("flightdeck.rollback.canary")
METRICS = (
    MetricSpec("error_rate", "increase", critical=True, effect_size=0.5, center="mean", unit="ratio"),
    MetricSpec("p95_ms", "increase", critical=False, effect_size=0.25, unit="ms"),
)
BUCKETS_READ = 720  # two hours of 10-second buckets


def samples(entries: list[dict[str, str]], version: str, since: float = 0.0) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {spec.name: [] for spec in METRICS}
    for fields in entries:
        if fields.get("version") != version or float(fields.get("start") or 0) < since:
            continue
        for spec in METRICS:
            if fields.get(spec.name):
                found[spec.name].append(float(fields[spec.name]))
    return found


class Canary:
    def __init__(self, context: ServiceContext, inflight: InFlight, policy: Policy) -> None:
        self.context = context
        self.inflight = inflight
        self.policy = policy
        self.interval_s = float(os.environ.get("FLIGHTDECK_CANARY_INTERVAL", "30"))
        self.config = JudgeConfig(min_samples=int(os.environ.get("FLIGHTDECK_CANARY_MIN_SAMPLES", "5")))

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            for watch in await self.inflight.all():
                if watch.ended is None and watch.baking_since is not None:
                    try:
                        await self.judge(watch)
                    except Exception:  # one deployment's figures must not stop the others' judgements
                        log.exception("canary judgement failed", extra={"deployment_id": watch.deployment_id})

    async def judge(self, watch: Watch) -> None:
        window = f"canary-{int(time.time() // self.interval_s)}"
        for service, version in watch.versions.items():
            previous = watch.previous.get(service)
            if not previous or previous == version:
                continue
            entries = await newest_buckets(
                self.context.redis, self.context.keys, watch.environment, service, BUCKETS_READ
            )
            baseline = samples(entries, previous)
            canary = samples(entries, version, watch.started_at.timestamp())
            judgement = judge(
                [MetricSamples(spec, baseline[spec.name], canary[spec.name]) for spec in METRICS], self.config
            )
            if judgement.verdict != "fail":
                continue
            detail = f"canary judge: {judgement.reasons[0]}" + (
                f" ({'; '.join(judgement.reasons[1:3])})" if len(judgement.reasons) > 1 else ""
            )
            finding = Finding(kind="canary", service=service, at=time.time(), window=window, detail=detail)
            await self.policy.found(watch.environment, None, finding)
