"""Until the monitor answers health gates, tests answer them the same way: probe the real URL, publish the result."""

import asyncio
from collections.abc import Mapping

import httpx

from shared.bus.handlers import Handlers
from shared.events import HealthGateFailed, HealthGatePassed, HealthGateRequested
from shared.runtime import ServiceContext, ServiceDefinition


def gate_answerer(urls: Mapping[str, str], attempts: int = 20) -> ServiceDefinition:
    def make(context: ServiceContext) -> Handlers:
        async def answer(event: HealthGateRequested) -> None:
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

        return Handlers().on(HealthGateRequested, answer)

    return ServiceDefinition(
        name="test-gates",
        description="answers health gates in tests",
        consumes=(HealthGateRequested,),
        produces=(),
        handlers=make,
        default_port=0,
    )
