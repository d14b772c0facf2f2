"""More of what the other services keep, for the CLI over HTTP: the alerter's board and its silences as it stores
them (viewers), a deployment's command output read on from a line and waited for (viewers), and the dead letters,
listed and replayed (admins: a replay puts an event back in front of every service)."""

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from redis.asyncio import Redis

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.roles import EVERY_ENVIRONMENT
from shared.keys.alerter import AlerterKeys
from shared.reads import alerter, streams
from shared.streams import Keys

ENTRY_ID = r"^\d+-\d+$"
MAX_WAIT_MS = 5000
WAITERS = 20  # log reads waiting at once, each holding a Redis connection; past that, one answers at once
MAX_DEAD_LETTERS = 1000


def wait_for(wait_ms: int, waiting: asyncio.Semaphore) -> int | None:
    """XREAD's BLOCK for a log read: None (answer at once) for 0, or when enough reads already wait; never 0,
    which Redis takes as forever."""
    return wait_ms if wait_ms > 0 and not waiting.locked() else None


def streams_router(auth: Auth, redis: Redis, keys: Keys) -> APIRouter:
    api = APIRouter(tags=["operations"])
    own = AlerterKeys.of(keys)
    waiting = asyncio.Semaphore(WAITERS)

    @api.get("/alerter/board")
    async def board(request: Request) -> dict[str, dict[str, dict[str, Any]]]:
        """The alerter's active alerts and who acknowledged them, each by fingerprint, as the alerter keeps them."""
        await auth.require(request, "read")
        return await alerter.alert_board(redis, own)

    @api.get("/alerter/silences")
    async def silences(request: Request) -> dict[str, str]:
        """silence id -> its SilenceCreatedPayload JSON as the alerter stores it (kept a day after it ends)."""
        await auth.require(request, "read")
        return await alerter.silences(redis, own)

    @api.get("/deployments/{deployment_id}/output")
    async def output(
        request: Request,
        deployment_id: Annotated[str, Path(max_length=200)],
        since: Annotated[str, Query(pattern=r"^\d+-\d+$", description="the last line's id; 0-0 from the start")],
        wait_ms: Annotated[int, Query(ge=0, le=MAX_WAIT_MS, description="how long to wait for a line")] = 0,
    ) -> list[dict[str, Any]]:
        """The lines of the deployment's commands after `since`, {"id", "fields": {ts, service, line, ...}} each;
        with wait_ms, answered as soon as one comes (or with none after wait_ms)."""
        await auth.require(request, "read")
        block = wait_for(wait_ms, waiting)
        if block is None:
            lines = await streams.command_log(redis, keys, deployment_id, since, None)
        else:
            async with waiting:
                lines = await streams.command_log(redis, keys, deployment_id, since, block)
        return [{"id": entry_id, "fields": fields} for entry_id, fields in lines]

    async def every_environments_admin(request: Request) -> None:
        """Dead letters are every environment's events: an admin held to some environments sees none of them."""
        who = (await auth.require(request, "admin")).principal
        if EVERY_ENVIRONMENT not in who.environments:
            where = ", ".join(who.environments) or "none"
            why = f"dead letters hold every environment's events; {who.name} may act only in {where}"
            raise HTTPException(403, detail={"error": why, "needed_role": "admin"})

    @api.get("/dead-letters", dependencies=[auth.needs("admin")])
    async def dead_letters(
        request: Request, count: Annotated[int, Query(ge=1, le=MAX_DEAD_LETTERS)] = 100
    ) -> dict[str, Any]:
        """The oldest dead letters (what no handler could take, and why), and the stream they are kept in."""
        await every_environments_admin(request)
        return {"where": keys.dead_letters, "letters": await streams.dead_letters(redis, keys, count)}

    @api.post("/dead-letters/{entry_id}/replay", dependencies=[auth.needs("admin")])
    async def replay(request: Request, entry_id: Annotated[str, Path(pattern=ENTRY_ID)]) -> dict[str, Any]:
        """Puts the dead letter back on its source stream, out of the dead letters: {"replayed": {source,
        entry_id} | null}, null when there is no such dead letter."""
        await every_environments_admin(request)
        return {"replayed": await streams.replay(redis, keys, entry_id)}

    return api
