"""The Services page decided from plain values: the health matrix (a row per service, a column per environment:
the version running, its health, the last change, drift, and the controls a person may use from the cell), and
the live state the dependency graph is drawn with (health, step, root cause and what it impacts)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from services.dashboard.domain.controls import ControlSpec, may_deploy, usable
from services.dashboard.domain.graph import PlanGraph, blast_radius
from services.dashboard.domain.roles import Principal
from services.dashboard.domain.service_state import ServiceView
from services.dashboard.domain.views import TERMINAL, DeploymentView
from services.dashboard.render.graph_node import GLYPHS, NodeState

from .views import when

TROUBLED = frozenset({"failed", "rolling-back", "rolled-back", "paused"})
CELL_CONTROLS = frozenset({"approve", "rollback"})  # the others act on a whole deployment: the deployment's row


@dataclass(frozen=True)
class CellControl:
    deployment_id: str
    spec: ControlSpec
    services: tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    service: str
    environment: str
    known: bool  # the read model has something on this service here
    version: str
    health: str
    glyph: str
    changed_iso: str
    changed_text: str
    deployment_id: str
    drift: str  # "" or what the service reports against what Flightdeck made live
    controls: list[CellControl] = field(default_factory=list)
    redeploy: bool = False  # the person may start a deployment of this version here


@dataclass(frozen=True)
class MatrixRow:
    service: str
    cells: list[Cell]


def _drift(view: ServiceView) -> str:
    if not view.drift:
        return ""
    return f"reports {view.reported_version or 'an unknown version'}, desired {view.version or 'unknown'}"


def _controls(
    service: str, environment: str, deployments: Sequence[DeploymentView], who: Principal | None
) -> list[CellControl]:
    found: list[CellControl] = []
    for view in deployments:
        if view.environment != environment or view.status in TERMINAL:
            continue
        if service not in view.services and service not in view.versions and not view.version:
            continue
        for spec in usable(who, view.status, environment):
            if spec.control in CELL_CONTROLS:
                found.append(CellControl(view.id, spec, (service,) if spec.control == "rollback" else ()))
    return found


def cell_of(
    service: str,
    environment: str,
    view: ServiceView | None,
    deployments: Sequence[DeploymentView],
    who: Principal | None,
) -> Cell:
    state = view or ServiceView(environment=environment, service=service)
    at = state.version_at
    return Cell(
        service=service,
        environment=environment,
        known=view is not None,
        version=state.version or "—",
        health=state.health,
        glyph=GLYPHS.get(state.health, "?"),
        changed_iso=at.isoformat() if at else "",
        changed_text=when(at) if at else "no change seen",
        deployment_id=state.last_deployment_id or "",
        drift=_drift(state),
        controls=_controls(service, environment, deployments, who),
        redeploy=state.version is not None and may_deploy(who, environment),
    )


def matrix(
    environments: Sequence[str],
    planned: Sequence[str],
    states: Sequence[ServiceView],
    deployments: Sequence[DeploymentView],
    who: Principal | None,
) -> list[MatrixRow]:
    """A row per service (the plan's, and any the read model knows beyond it), sorted by name."""
    by_key = {(view.service, view.environment): view for view in states}
    names = sorted(set(planned) | {view.service for view in states if view.environment in environments})
    return [
        MatrixRow(name, [cell_of(name, env, by_key.get((name, env)), deployments, who) for env in environments])
        for name in names
    ]


@dataclass(frozen=True)
class GraphState:
    states: dict[str, NodeState]
    root_cause: list[str]
    impacted: list[str]


def _step(view: DeploymentView, service: str) -> str | None:
    steps = view.services.get(service)
    if steps is None:
        return None
    if steps.gate is not None and steps.gate.outcome == "waiting":
        return "verifying"
    last = steps.attempts[-1] if steps.attempts else None
    if last is None or last.outcome != "running":
        return None
    return {"deploy": "deploying", "switch": "switching", "rollback": "rolling back"}.get(last.step, last.step)


def graph_state(graph: PlanGraph, states: Sequence[ServiceView], deployments: Sequence[DeploymentView]) -> GraphState:
    """Live health from the services' state; the step a deployment in flight is at; the root cause from the latest
    deployment here that went wrong (its incident's services, else the ones that failed) and the monitor's own
    finding, and as impacted everything downstream of it."""
    here = {view.service: view for view in states if view.environment == graph.environment}
    ordered = sorted((v for v in deployments if v.environment == graph.environment), key=lambda v: v.created_at)
    flying = [view for view in ordered if view.status not in TERMINAL]
    nodes: dict[str, NodeState] = {}
    for node in graph.nodes:
        health = here[node.name].health if node.name in here else "unknown"
        step = next((s for view in flying if (s := _step(view, node.name))), None)
        nodes[node.name] = NodeState(health=health if health in GLYPHS else "unknown", step=step)
    root: set[str] = set()
    latest = ordered[-1] if ordered else None
    if latest is not None and latest.status in TROUBLED:
        root.update(
            latest.incident.services if latest.incident and latest.incident.services else latest.failed_services
        )
    root.update(v.root_cause for v in here.values() if v.root_cause and v.health in ("degraded", "unhealthy"))
    root &= set(nodes)
    names = [node.name for node in graph.nodes]
    return GraphState(nodes, [n for n in names if n in root], blast_radius(graph, root))
