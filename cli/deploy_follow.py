"""A deploy request published, then (with --wait) followed to its ending through a Transport; an unreachable
Flightdeck, or no coordinator to take the request, is an ending too."""

import time

from shared.events import DeployRequested

from .deploy_view import View
from .follow import UNFINISHED, Ending
from .listening import nobody_took
from .transport import Transport, TransportError, connect
from .watch import Unheard, watch


async def publish_and_follow(
    request: DeployRequested, wait: bool, timeout_s: float, view: View
) -> tuple[Ending | None, float]:
    """The ending and how long it took; None without --wait, once published."""
    started = time.monotonic()
    try:
        transport = connect()
    except TransportError as error:
        return Ending("unreachable", UNFINISHED, str(error)), 0.0
    try:
        entry_id = await transport.publish(request)
        if not wait:
            return None, 0.0
        ending = await watch(
            transport,
            request.deployment_id,
            entry_id,
            timeout_s,
            view.event,
            unheard=unheard(transport, entry_id),
            request_id=request.event_id,
        )
    except TransportError as error:
        ending = Ending("unreachable", UNFINISHED, str(error))
    finally:
        await transport.close()
    return ending, time.monotonic() - started


def unheard(transport: Transport, entry_id: str) -> Unheard:
    """Why nobody takes the request at `entry_id`, and what to start; None while a coordinator may."""

    async def why() -> str | None:
        reason = nobody_took(await transport.readers("coordinator"), entry_id)
        return reason and (
            f"{reason}, so nothing has taken this request: start Flightdeck with `flightdeck up`, or "
            "the coordinator alone (`flightdeck run coordinator`), with the same REDIS_URL and "
            "FLIGHTDECK_STREAM_PREFIX; the request waits in the stream until one runs"
        )

    return why
