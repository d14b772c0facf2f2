"""Builds one monitor replica: prober, gatekeeper, watcher, and the handlers that feed them."""

import os
import time
from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import BakeStarted, DeploymentStarted, Event
from shared.runtime import ServiceContext

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
    deployments = f"{context.keys.prefix}:monitor:deployment:"

    async def started(event: Event) -> None:
        """Remembers which services a deployment changes, to watch them closely while it bakes."""
        assert isinstance(event, DeploymentStarted)
        key = deployments + str(event.deployment_id)
        await context.redis.set(key, ",".join(event.payload.versions), ex=7 * DAY_S)

    async def baking(event: Event) -> None:
        assert isinstance(event, BakeStarted) and event.environment
        services = await context.redis.get(deployments + str(event.deployment_id))
        until = event.payload.until.timestamp()
        await milestone(context.redis, context.keys, str(event.deployment_id), "bake-started",
                        detail=f"{event.payload.duration_s:g}s, until {event.payload.until.isoformat()}")
        if services and until > time.time():
            mapping = dict.fromkeys(services.decode().split(","), until)
            await context.redis.hset(watcher.bake_key(event.environment), mapping=mapping)  # type: ignore[arg-type]

    async def ended(event: Event) -> None:
        baked = any(m["milestone"] == "bake-started"
                    for m in await milestones(context.redis, context.keys, str(event.deployment_id)))
        if baked:
            await milestone(context.redis, context.keys, str(event.deployment_id), "bake-ended", detail=event.type)

    async def close() -> None:
        await prober.close()

    context.background.extend([gatekeeper.run_forever, watcher.run_forever])
    context.closing.append(close)
    return {
        "health-gate-requested": gatekeeper.requested, "deployment-started": started, "bake-started": baking,
        "deployment-succeeded": ended, "deployment-failed": ended,
    }
