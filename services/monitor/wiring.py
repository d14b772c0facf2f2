"""Builds one monitor replica: prober, gatekeeper, watcher, and the handlers that feed them."""

import json
import os
import time
from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import BakeStarted, DeploymentRolledBack, DeploymentStarted, Event
from shared.runtime import ServiceContext

from .external import External
from .gate_store import GateStore
from .gatekeeper import Gatekeeper
from .metrics import Recorder
from .probing import make_prober
from .timeline import milestone, milestones
from .watcher import Watcher

DAY_S = 86400


def build(context: ServiceContext) -> Mapping[str, Handler]:
    prober = make_prober()
    me = context.settings.consumer_for(context.name)
    gatekeeper = Gatekeeper(GateStore(context.redis, context.keys), context.plans, prober.probe, me)
    bucket_s = float(os.environ.get("FLIGHTDECK_METRICS_BUCKET", "10"))  # seconds a series bucket spans
    recorder = Recorder(context.redis, context.keys, context.publisher, bucket_s)
    watcher = Watcher(context.redis, context.keys, context.publisher, context.plans, prober.probe, me, recorder)
    external = External(context.redis, context.keys, context.plans, recorder, bucket_s)
    deployments = f"{context.keys.prefix}:monitor:deployment:"

    async def versions(event: Event) -> dict[str, str]:
        raw = await context.redis.get(deployments + str(event.deployment_id))
        return dict(json.loads(raw)) if raw else {}

    async def started(event: Event) -> None:
        """Remembers what a deployment changes: to watch it closely while it bakes, and query its figures."""
        assert isinstance(event, DeploymentStarted) and event.environment
        key = deployments + str(event.deployment_id)
        await context.redis.set(key, json.dumps(event.payload.versions), ex=7 * DAY_S)
        if event.payload.versions:
            await context.redis.hset(external.versions_key(event.environment), mapping=event.payload.versions)

    async def rolled_back(event: Event) -> None:
        assert isinstance(event, DeploymentRolledBack) and event.environment
        if event.payload.services:
            await context.redis.hset(external.versions_key(event.environment), mapping=event.payload.services)

    async def baking(event: Event) -> None:
        assert isinstance(event, BakeStarted) and event.environment
        services = list(await versions(event))
        until = event.payload.until.timestamp()
        await milestone(context.redis, context.keys, str(event.deployment_id), "bake-started",
                        detail=f"{event.payload.duration_s:g}s, until {event.payload.until.isoformat()}")
        if services and until > time.time():
            mapping = dict.fromkeys(services, until)
            await context.redis.hset(watcher.bake_key(event.environment), mapping=mapping)  # type: ignore[arg-type]

    async def ended(event: Event) -> None:
        baked = any(m["milestone"] == "bake-started"
                    for m in await milestones(context.redis, context.keys, str(event.deployment_id)))
        if baked:
            await milestone(context.redis, context.keys, str(event.deployment_id), "bake-ended", detail=event.type)
        if event.type == "deployment-succeeded" and event.environment:
            await external.deployed(event.environment, str(event.deployment_id), await versions(event))

    async def close() -> None:
        await prober.close()

    context.background.extend([gatekeeper.run_forever, watcher.run_forever, external.run_forever])
    context.closing.append(close)
    return {
        "health-gate-requested": gatekeeper.requested, "deployment-started": started, "bake-started": baking,
        "deployment-succeeded": ended, "deployment-failed": ended, "deployment-rolled-back": rolled_back,
    }
