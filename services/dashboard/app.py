"""The dashboard service's declaration: what it consumes and produces, and its handlers."""

from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import (
    EVENT_CLASSES,
    ApprovalGranted,
    CancelRequested,
    DeployRequested,
    RollbackRequested,
)
from shared.runtime import ServiceContext, ServiceDefinition
from shared.runtime.thin import noting_handlers

CONSUMES = tuple(EVENT_CLASSES.values())
PRODUCES = (
    DeployRequested,
    CancelRequested,
    ApprovalGranted,
    RollbackRequested,
)


def handlers(context: ServiceContext) -> Mapping[str, Handler]:
    return noting_handlers(DEFINITION, context)


DEFINITION = ServiceDefinition(
    name="dashboard",
    description="shows deployments live in the browser and takes requests from people.",
    consumes=CONSUMES,
    produces=PRODUCES,
    handlers=handlers,
    default_port=8700,
)
