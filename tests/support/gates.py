"""Until the monitor answers health gates, tests answer them the same way: probe the real URL, publish the result."""

import asyncio
from collections.abc import Mapping

import httpx

from shared.bus.dispatch import Handler
from shared.events import Event, HealthGateFailed, HealthGatePassed, HealthGateRequested
from shared.runtime import ServiceContext, ServiceDefinition


def gate_answerer(urls: Mapping[str, str], attempts: int = 20) -> ServiceDefinition:
    def make(context: ServiceContext) -> Mapping[str, Handler]:
        async def answer(event: Event) -> None:
            assert isinstance(event, HealthGateRequested) and event.service
            async with httpx.AsyncClient(timeout=2) as client:
                for _ in range(attempts):
                    try:
                        if (await client.get(urls[event.service])).status_code == 200:
                            await context.publisher.publish(event.caused(HealthGatePassed, {"waited_s": 0}))
                            return
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.05)
            await context.publisher.publish(event.caused(HealthGateFailed, {"reason": "not ready", "waited_s": 1}))

        return {"health-gate-requested": answer}

    return ServiceDefinition(
        name="test-gates",
        description="answers health gates in tests",
        consumes=(HealthGateRequested,),
        produces=(),
        handlers=make,
        default_port=0,
    )
