"""What the other services keep, served as `flightdeck` prints it, for the CLI over HTTP (FLIGHTDECK_URL): the
coordinator's snapshot of a deployment, an environment's state and history, what the rollback service found in an
environment, and who reads the events stream. The values are shared/reads' (the CLI over Redis reads the same);
the coordinator's snapshots are passed on as it wrote them, so the CLI's own models decide whether they read.
Every route needs the viewer role; the alerter's board, the command output and the dead letters are in
operations_streams.py."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from redis.asyncio import Redis
from starlette.responses import JSONResponse

from services.dashboard.auth.guard import Auth
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import snapshots, streams
from shared.streams import Keys

from .operations_streams import streams_router

Name = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
MAX_HISTORY = 200
SNAPSHOT = {"description": "the coordinator's JSON as it wrote it; null when there is none", "content": {}}


def as_sent(raw: str | None) -> Any:
    """A snapshot for a JSON body: its JSON, or (when it is not JSON at all) its text as a string, which the CLI
    reports as unreadable just as it would read it from Redis."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def operations_router(auth: Auth, redis: Redis, keys: Keys) -> APIRouter:
    api = APIRouter(tags=["operations"])
    coordinator = CoordinatorKeys.of(keys)

    @api.get("/coordinator/deployments/{deployment_id}", response_model=None, responses={200: SNAPSHOT})
    async def deployment(request: Request, deployment_id: Name) -> JSONResponse:
        """The coordinator's snapshot of the deployment (phase, each service's steps, the rollback)."""
        await auth.require(request, "read")
        return JSONResponse(as_sent(await snapshots.deployment(redis, coordinator, deployment_id)))

    @api.get("/coordinator/environments/{name}", response_model=None, responses={200: SNAPSHOT})
    async def environment(request: Request, name: Name) -> JSONResponse:
        """The coordinator's state of the environment: what runs there, the deployment in flight, the queue."""
        await auth.require(request, "read")
        return JSONResponse(as_sent(await snapshots.environment(redis, coordinator, name)))

    @api.get("/coordinator/environments/{name}/history")
    async def history(
        request: Request, name: Name, limit: Annotated[int, Query(ge=1, le=MAX_HISTORY)] = 20
    ) -> list[dict[str, Any]]:
        """The environment's latest deployments, newest first: {"id", "snapshot"} each."""
        await auth.require(request, "read")
        found = await snapshots.history(redis, coordinator, name, limit)
        return [{"id": deployment_id, "snapshot": as_sent(raw)} for deployment_id, raw in found]

    @api.get("/rollback/environments/{name}/attention")
    async def attention(request: Request, name: Name) -> dict[str, Any]:
        """What needs a person there: {"drift": service -> {desired, reported}, "incidents": [open ones]}."""
        await auth.require(request, "read")
        return await snapshots.attention(redis, keys, name)

    @api.get("/services/{service}/readers")
    async def readers(request: Request, service: Name) -> dict[str, Any]:
        """The service's consumer group on the events stream: whether it exists, the newest entry it handed out,
        and per consumer the seconds since it last read (is anybody taking requests?)."""
        await auth.require(request, "read")
        return await streams.readers(redis, keys, service)

    api.include_router(streams_router(auth, redis, keys))
    return api
