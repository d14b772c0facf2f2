"""The dashboard service's declaration: its consumer group reads every event into the read model (views of the
deployments, their indexes, timelines and search index, the services' state, silences and alert activity, in
Redis under DashboardKeys; readmodel/projector.py), and its HTTP API under /api/v1 is served beside /health and
/metrics (services/dashboard/web). It also publishes the plan's scheduled digests when they are due (digests.py)."""

from shared.bus.handlers import Handlers
from shared.events import EVENT_CLASSES, DeployRequested, DigestReady, Event
from shared.keys.dashboard import DashboardKeys
from shared.runtime import ServiceContext, ServiceDefinition

from .readmodel.projector import Projector
from .readmodel.rebuild import keep_model_built
from .web.alerting import PRODUCES as ALERTING
from .web.plans import PRODUCES as PLANS
from .web.serve import mount_api
from .web.writes import PRODUCES

EVERY_EVENT: tuple[type[Event], ...] = tuple(EVENT_CLASSES.values())


def handlers(context: ServiceContext) -> Handlers:
    projector = Projector(context.redis, DashboardKeys.of(context.keys))
    keep_model_built(context, projector)  # rebuilt when its marker is gone; not ready meanwhile
    mount_api(context)

    async def fold(event: Event) -> None:
        await projector.apply(event)

    return Handlers().on_any(EVERY_EVENT, fold)


DEFINITION = ServiceDefinition(
    name="dashboard",
    description="shows deployments live in the browser and takes requests from people.",
    consumes=EVERY_EVENT,
    produces=(DeployRequested, DigestReady, *PRODUCES, *ALERTING, *PLANS),
    handlers=handlers,
    default_port=8700,
)
