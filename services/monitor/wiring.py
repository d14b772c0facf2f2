"""Builds one monitor replica: prober, gatekeeper, watcher, and the handlers that feed them."""

import os

from shared.bus.handlers import Handlers
from shared.runtime import ServiceContext

from .audits import Audits
from .deployments import Deployments
from .external import External
from .gate_store import GateStore
from .gatekeeper import Gatekeeper
from .metrics import Recorder
from .plans import MonitorPlans
from .probing import make_prober
from .watcher import Watcher


def build(context: ServiceContext) -> Handlers:
    prober = make_prober()
    me = context.settings.consumer_for(context.name)
    plans = MonitorPlans(context.plans)
    gatekeeper = Gatekeeper(GateStore(context.redis, context.keys), plans, prober.probe, me)
    bucket_s = float(os.environ.get("FLIGHTDECK_METRICS_BUCKET", "10"))  # seconds a series bucket spans
    recorder = Recorder(context.redis, context.keys, context.publisher, bucket_s)
    watcher = Watcher(context.redis, context.keys, context.publisher, plans, prober.probe, me, recorder)
    external = External(context.redis, context.keys, plans, recorder, bucket_s)
    audits = Audits(context.redis, context.keys, plans, recorder)
    deployments = Deployments(context.redis, context.keys, watcher.windows, external, audits)

    async def close() -> None:
        await audits.close()
        await prober.close()

    context.background.extend([gatekeeper.run_forever, watcher.run_forever, external.run_forever])
    context.closing.append(close)
    context.routes.extend(watcher.unwatched.routes())
    return Handlers().include(gatekeeper.handlers(), deployments.handlers())
