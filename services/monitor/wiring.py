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
from .plans import MonitorPlans
from .probing import make_prober
from .timeline import milestone, milestones
from .watcher import Watcher

DAY_S = 86400


def build(context: ServiceContext) -> Mapping[str, Handler]:
    prober = make_prober()
    me = context.settings.consumer_for(context.name)
    plans = MonitorPlans(context.plans)
    gatekeeper = Gatekeeper(GateStore(context.redis, context.keys), plans, prober.probe, me)
    bucket_s = float(os.environ.get("FLIGHTDECK_METRICS_BUCKET", "10"))  # seconds a series bucket spans
    recorder = Recorder(context.redis, context.keys, context.publisher, bucket_s)
    watcher = Watcher(context.redis, context.keys, context.publisher, plans, prober.probe, me, recorder)
    external = External(context.redis, context.keys, plans, recorder, bucket_s)
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
        await ended(event)

    async def baking(event: Event) -> None:
        """Watched closely from now until the deployment ends: probed faster, and health.detailed too."""
        assert isinstance(event, BakeStarted) and event.environment
        await milestone(
            context.redis,
            context.keys,
            str(event.deployment_id),
            "bake-started",
            detail=f"{event.payload.duration_s:g}s, until {event.payload.until.isoformat()}",
        )
        await watcher.windows.open(
            event.environment,
            str(event.deployment_id),
            list(await versions(event)),
            event.payload.until.timestamp(),
            time.time(),
        )

    async def ended(event: Event) -> None:
        if event.environment:
            await watcher.windows.close(event.environment, str(event.deployment_id))
        baked = any(
            m["milestone"] == "bake-started"
            for m in await milestones(context.redis, context.keys, str(event.deployment_id))
        )
        if baked and event.type != "deployment-rolled-back":  # a rollback follows a failure, which ended the bake
            await milestone(context.redis, context.keys, str(event.deployment_id), "bake-ended", detail=event.type)
        if event.type == "deployment-succeeded" and event.environment:
            await external.deployed(event.environment, str(event.deployment_id), await versions(event))

    async def close() -> None:
        await prober.close()

    context.background.extend([gatekeeper.run_forever, watcher.run_forever, external.run_forever])
    context.closing.append(close)
    context.routes.extend(watcher.unwatched.routes())
    return {
        "health-gate-requested": gatekeeper.requested,
        "deployment-started": started,
        "bake-started": baking,
        "deployment-succeeded": ended,
        "deployment-failed": ended,
        "deployment-cancelled": ended,
        "deployment-rolled-back": rolled_back,
    }
