"""The plan's revisions over the API: listed newest first, one in full, the current one (viewers); and a new one
applied by an admin, exactly as `flightdeck plan apply` does it: checked by the same loader (a bad plan is 422 with
the path and line of every problem), stored as the next revision, announced as plan-applied with the same payload.
`flightdeck` over HTTP posts here.

A dashboard that reads its plan from a file (FLIGHTDECK_PLAN_FILE, development) lists that file as its one revision
and refuses to apply another: the file would win again at its next read."""

import asyncio
import logging
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from services.dashboard.auth.guard import Auth
from services.dashboard.domain.plans import (
    MAX_REVISIONS,
    RevisionDetail,
    RevisionPage,
    RevisionRow,
    apply_refusal,
    detail_of,
    next_before,
    services_in,
)
from shared.events import Event
from shared.events.operations import PlanApplied, PlanAppliedPayload
from shared.plan.errors import PlanError
from shared.plan.loader import DEFAULT_PLAN_FILE, parse_plan
from shared.plan.sources import StoredPlan
from shared.plan.store import PlanStore
from shared.runtime import ServiceContext

PRODUCES: tuple[type[Event], ...] = (PlanApplied,)
log = logging.getLogger("flightdeck.dashboard")


class NewPlan(BaseModel):
    text: str = Field(max_length=1_000_000, description="the plan's YAML, secrets as ${NAME} references")
    source: str = Field(DEFAULT_PLAN_FILE, min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")


class Applied(BaseModel):
    revision: int
    event_id: str = Field(description="the plan-applied event's id")
    stream_id: str


def problems_of(error: PlanError) -> dict[str, Any]:
    """The 422's body: every problem, where it is and what is wrong, one sentence each as `plan validate` says it."""
    count = len(error.problems)
    said = "; ".join(problem.describe(error.source) for problem in error.problems)
    return {
        "error": f"{count} problem{'s' * (count != 1)} found in {error.source}: {said}",
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in error.problems],
    }


def plans_router(auth: Auth, context: ServiceContext) -> APIRouter:
    """Reads through the service's plan cache (the file, or the store); applies to the store in Redis."""
    api = APIRouter(tags=["plans"])
    plans, publisher = context.plans, context.publisher
    store = PlanStore(context.redis, context.keys.prefix)
    plan_file = context.settings.plan_file
    from_file = Path(plan_file).name if plan_file else None  # its name only: where it lies is nobody's business

    def row(stored: StoredPlan, current: bool) -> RevisionRow:
        return RevisionRow(
            revision=stored.revision,
            source=from_file or stored.source,
            applied_at=stored.applied_at,
            sha256=stored.sha256,
            current=current,
            services=len(stored.plan.services),
        )

    async def shown(stored: StoredPlan | None, what: str) -> RevisionDetail:
        if stored is None:
            raise HTTPException(404, detail={"error": what})
        current = from_file is not None or stored.revision == await store.current_revision()
        return detail_of(stored, from_file or stored.source, current)

    @api.get("/plans")
    async def revisions(
        request: Request,
        before: Annotated[int | None, Query(ge=1, description="next_before of the page before")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_REVISIONS)] = 20,
    ) -> RevisionPage:
        """The plan's revisions, newest first, the current one marked."""
        await auth.require(request, "read")
        if from_file is not None:
            stored = await plans.current()
            return RevisionPage(items=[row(stored, True)] if stored and before is None else [], next_before=None)
        current = await store.current_revision()
        rows = [
            RevisionRow(
                revision=r.revision,
                source=r.source,
                applied_at=r.applied_at,
                sha256=r.sha256,
                current=r.revision == current,
                services=services_in(r.text),
            )
            for r in await store.revisions(before, limit)
        ]
        return RevisionPage(items=rows, next_before=next_before(rows, limit))

    @api.get("/plans/current", responses={404: {"description": "no plan applied yet"}})
    async def current(request: Request) -> RevisionDetail:
        await auth.require(request, "read")
        return await shown(await plans.current(), "no plan has been applied yet: run `flightdeck plan apply`")

    @api.get("/plans/{revision}", responses={404: {"description": "no such revision"}})
    async def revision(request: Request, revision: int) -> RevisionDetail:
        await auth.require(request, "read")
        return await shown(await plans.revision(revision), f"no plan revision {revision}")

    @api.post("/plans", status_code=201, dependencies=[auth.needs("admin")])
    async def apply(request: Request, asked: NewPlan) -> Applied:
        """Stores the plan as the next revision and makes it current, then publishes plan-applied."""
        who = (await auth.require(request, "admin")).principal
        refused = apply_refusal(who)
        if refused is not None:
            raise HTTPException(403, detail={"error": refused, "needed_role": "admin"})
        if from_file is not None:
            why = f"this dashboard reads its plan from the file {from_file}: change that file instead"
            raise HTTPException(409, detail={"error": why})
        try:
            plan = await asyncio.to_thread(parse_plan, asked.text, asked.source)  # milliseconds of CPU
            number = await store.apply(asked.text, asked.source)
        except PlanError as error:
            raise HTTPException(422, detail=problems_of(error)) from None
        event = PlanApplied(payload=PlanAppliedPayload(revision=number, source=asked.source, services=[*plan.services]))
        stream_id = await publisher.publish(event)
        log.info("plan revision %d applied from %s by %s", number, asked.source, who.name)
        return Applied(revision=number, event_id=event.event_id, stream_id=str(stream_id))

    return api
