"""GET /deployments/{id}/replay?at=...: one frame of a deployment's replay, the dependency graph of the plan it ran
on with every service as it was at `at` (replay_view.frame_at over its timeline), as an SVG fragment the page's
scrubber swaps in. The layout is computed once per plan revision and environment; frames only change states."""

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from services.dashboard.domain.graph import PlanGraph, graph_of
from services.dashboard.domain.views import DeploymentView
from services.dashboard.render.graph_svg import graph_svg
from services.dashboard.render.layout import GraphLayout, layout_graph
from shared.events import Event
from shared.plan.cache import PlanCache
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment
from shared.plan.sources import FILE_REVISION

from .replay_view import Frame, frame_at, graph_of_waves, moments, through
from .site import NO_STORE, Site

NODE_LINK = "/history?service={service}&environment={environment}"
KEEP_LAYOUTS = 32
_layouts: dict[tuple[int, str], GraphLayout] = {}


async def plan_graph(plans: PlanCache, view: DeploymentView) -> PlanGraph:
    """The graph of the plan revision the deployment pinned (the current one when it pinned none); its waves
    alone when that plan has no such environment or none can be had."""
    stored = await (plans.revision(view.plan_revision) if view.plan_revision is not None else plans.current())
    if stored is not None:
        try:
            return graph_of(resolve_for_environment(stored.plan, view.environment))
        except UnknownEnvironmentError:
            pass
    return graph_of_waves(view.environment, view.waves or [sorted(set(view.services) | set(view.versions))])


async def layout_of(plans: PlanCache, view: DeploymentView) -> GraphLayout:
    key = (view.plan_revision if view.plan_revision is not None else FILE_REVISION, view.environment)
    if key[0] != FILE_REVISION and key in _layouts:
        return _layouts[key]
    layout = layout_graph(await plan_graph(plans, view))
    if key[0] != FILE_REVISION:
        if len(_layouts) >= KEEP_LAYOUTS:
            _layouts.pop(next(iter(_layouts)))
        _layouts[key] = layout
    return layout


def frame_svg(layout: GraphLayout, frame: Frame, deployment_id: str, href: str = NODE_LINK) -> str:
    return graph_svg(
        layout,
        frame.states,
        href=href,
        root_cause=frame.root_cause,
        impacted=frame.impacted,
        graph_id="replay-graph",
        title=f"Replay of {deployment_id}",
        at=frame.at,
    )


def last_frame(events: list[Event]) -> Frame:
    times = moments(events)
    return frame_at(events, through(parse_at(times[-1]))) if times else Frame(None)


def parse_at(raw: str) -> datetime:
    """`at` as the scrubber sends it (ISO 8601); 422 naming the parameter when it is not a time."""
    try:
        at = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise HTTPException(
            422, detail={"error": f"at: {raw[:40]!r} is not a time (ISO 8601, like 2026-11-01T12:00:00Z)"}
        ) from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def replay_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/deployments/{deployment_id}/replay")
    async def replay(request: Request, deployment_id: str, at: str) -> Response:
        if await site.viewer(request) is None:
            return site.to_login(request)
        view = await site.model.deployment(deployment_id)
        if view is None:
            raise HTTPException(404, detail={"error": f"no deployment {deployment_id!r} in the dashboard's history"})
        events = await site.model.timeline(deployment_id)
        svg = frame_svg(await layout_of(site.plans, view), frame_at(events, through(parse_at(at))), deployment_id)
        return Response(svg, media_type="image/svg+xml", headers=NO_STORE)

    return pages
