"""GET /services: the health matrix (service x environment) and the plan's dependency graph of one environment,
with the controls a person may use and who did what; GET /services/live: the same parts rendered afresh, which
static/js/services.js swaps in when the live socket says something changed. Both read what the API reads."""

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from services.dashboard.auth.guard import Identity
from services.dashboard.domain.controls import may_deploy
from services.dashboard.domain.graph import PlanGraph, graph_of
from services.dashboard.render.graph_svg import graph_svg
from services.dashboard.render.layout import layout_graph
from shared.plan.model import is_production
from shared.plan.resolve import UnknownEnvironmentError, resolve_for_environment

from .controls_view import deeds, in_flight
from .services_view import graph_state, matrix
from .site import NO_STORE, Site

GRAPH_LINK = "/history?service={service}&environment={environment}"


@dataclass(frozen=True)
class Environments:
    names: list[str]
    production: list[str]
    shown: str  # the one whose graph is drawn
    graph: PlanGraph | None


async def environments(site: Site, asked: str | None) -> Environments:
    stored = await site.plans.current()
    if stored is None:
        return Environments([], [], asked or "", None)
    names = list(stored.plan.environments)
    production = [name for name in names if is_production(name, stored.plan.environments[name])]
    shown = asked if asked in names else (names[0] if names else "")
    try:
        graph = graph_of(resolve_for_environment(stored.plan, shown)) if shown else None
    except UnknownEnvironmentError:
        graph = None
    return Environments(names, production, shown, graph)


async def parts(site: Site, identity: Identity, asked: str | None) -> dict[str, object]:
    envs = await environments(site, asked)
    snapshot = await site.model.snapshot()
    planned = [node.name for node in envs.graph.nodes] if envs.graph else []
    who = identity.principal
    rows = matrix(envs.names, planned, snapshot.services, snapshot.deployments, who)
    svg = ""
    if envs.graph is not None:
        live = graph_state(envs.graph, snapshot.services, snapshot.deployments)
        svg = graph_svg(
            layout_graph(envs.graph),
            live.states,
            href=GRAPH_LINK,
            root_cause=live.root_cause,
            impacted=live.impacted,
            graph_id="services-graph",
        )
    return {
        "envs": envs,
        "rows": rows,
        "graph_svg": svg,
        "deeds": deeds(snapshot.deployments),
        "flying": in_flight(snapshot.deployments, who),
        "deploy_to": [name for name in envs.names if may_deploy(who, name)],
        "services": sorted({row.service for row in rows}),
    }


def services_router(site: Site) -> APIRouter:
    pages = APIRouter()

    @pages.get("/services", response_class=HTMLResponse)
    async def services(request: Request, environment: str | None = None) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return site.to_login(request)
        return await site.render("services.html", identity, "/services", **await parts(site, identity, environment))

    @pages.get("/services/live")
    async def live(request: Request, environment: str | None = None) -> Response:
        identity = await site.viewer(request)
        if identity is None:
            return JSONResponse({"error": "sign in to see the services"}, 401, headers=NO_STORE)
        found = await parts(site, identity, environment)
        template = site.env.get_template("_services_parts.html").module
        shown = {
            "matrix": str(template.matrix_table(found["envs"], found["rows"])),  # type: ignore[attr-defined]
            "deeds": str(template.deed_list(found["deeds"])),  # type: ignore[attr-defined]
            "flying": str(template.flying_list(found["flying"])),  # type: ignore[attr-defined]
            "graph": found["graph_svg"],
        }
        return JSONResponse(shown, headers=NO_STORE)

    return pages
