"""The dashboard service's declaration. Today it serves /health and /metrics only; its read model (which consumes
the events) and the requests people make from it (which produce them) come with the dashboard issue."""

from shared.bus.handlers import Handlers
from shared.runtime import ServiceContext, ServiceDefinition


def handlers(context: ServiceContext) -> Handlers:
    return Handlers()


DEFINITION = ServiceDefinition(
    name="dashboard",
    description="shows deployments live in the browser and takes requests from people.",
    consumes=(),
    produces=(),
    handlers=handlers,
    default_port=8700,
)
