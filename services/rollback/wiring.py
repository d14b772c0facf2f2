"""Builds one rollback-service replica: who is in flight, the policy and its canary judge, restarts, drift and
incidents, each handling the event types it needs (several may handle one type, in order)."""

from collections import defaultdict
from collections.abc import Mapping

from shared.bus.dispatch import Handler
from shared.events import Event
from shared.runtime import ServiceContext

from .canary import Canary
from .drift import DriftWatch
from .incidents import Incidents
from .inflight import TRACKED, InFlight
from .policy import Policy
from .restarts import Restarter


def compose(*tables: Mapping[str, Handler]) -> dict[str, Handler]:
    """One handler per type that runs each component's handler in turn (each is idempotent on its own)."""
    chains: dict[str, list[Handler]] = defaultdict(list)
    for table in tables:
        for kind, handler in table.items():
            chains[kind].append(handler)

    def chain(handlers: list[Handler]) -> Handler:
        async def run(event: Event) -> None:
            for handler in handlers:
                await handler(event)

        return run

    return {kind: chain(handlers) for kind, handlers in chains.items()}


def build(context: ServiceContext) -> Mapping[str, Handler]:
    inflight = InFlight(context.redis, context.keys)
    policy = Policy(context, inflight)
    canary = Canary(context, inflight, policy)
    drift = DriftWatch(context, inflight)
    incidents = Incidents(context, inflight)
    restarter = Restarter(context, inflight)

    async def observe(event: Event) -> None:
        await inflight.observe(event)

    context.background.extend(
        [policy.run_forever, canary.run_forever, drift.run_forever, incidents.run_forever, restarter.run_forever]
    )
    return compose(
        dict.fromkeys(TRACKED, observe), policy.handlers(), drift.handlers(), incidents.handlers(), restarter.handlers()
    )
