"""Handlers that only record what arrived: the starting point of a service before its issue fills it in."""

import logging
from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import Event

from .definition import ServiceContext, ServiceDefinition


def noting_handlers(definition: ServiceDefinition, context: ServiceContext) -> Mapping[str, Handler]:
    log = logging.getLogger(f"flightdeck.{definition.name}")

    async def note(event: Event) -> None:
        log.info("received %s", event.type, extra={"environment": event.environment})

    return {wire: note for wire in definition.wire_types(definition.consumes)}
