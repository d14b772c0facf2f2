"""Builds one rollback-service replica: who is in flight, the policy and its canary judge, restarts, drift,
incidents and verification, each handling the event types it needs (several may handle one type: they run in the
order added, the in-flight view first, so the others see the deployment as of the event)."""

from shared.bus.handlers import Handlers
from shared.runtime import ServiceContext

from .canary import Canary
from .drift import DriftWatch
from .incidents import Incidents
from .inflight import InFlight
from .policy import Policy
from .restarts import Restarter
from .verification.worker import Verifier


def build(context: ServiceContext) -> Handlers:
    inflight = InFlight(context.redis, context.keys)
    policy = Policy(context, inflight)
    canary = Canary(context, inflight, policy)
    drift = DriftWatch(context, inflight)
    incidents = Incidents(context, inflight)
    restarter = Restarter(context, inflight)
    verifier = Verifier(context)
    context.background.extend(
        [
            policy.run_forever,
            canary.run_forever,
            drift.run_forever,
            incidents.run_forever,
            restarter.run_forever,
            verifier.run_forever,
        ]
    )
    return Handlers().include(
        inflight.handlers(),
        policy.handlers(),
        drift.handlers(),
        incidents.handlers(),
        restarter.handlers(),
        verifier.handlers(),
    )
