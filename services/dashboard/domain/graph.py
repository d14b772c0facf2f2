"""The plan's dependency graph as the dashboard draws it: nodes with their wave, edges from a service to what it
depends on, the waves in deploy order, and the blast radius of a change (everything downstream of it)."""

from collections.abc import Collection, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from shared.plan.resolve import ResolvedPlan


class GraphNode(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    kind: str  # backend, frontend or job
    wave: int  # 0 for the first wave
    depends_on: list[str]
    dependents: list[str]  # the services that depend on this one directly


class GraphEdge(BaseModel):
    """`service` depends on `depends_on`: `depends_on` is deployed first, and rolled back last."""

    model_config = ConfigDict(frozen=True)

    service: str
    depends_on: str


class PlanGraph(BaseModel):
    model_config = ConfigDict(frozen=True)

    environment: str
    nodes: list[GraphNode]  # in wave order, then by name
    edges: list[GraphEdge]
    waves: list[list[str]]
    max_parallelism: int | None


def graph_of(resolved: ResolvedPlan) -> PlanGraph:
    wave_of = {name: index for index, wave in enumerate(resolved.waves) for name in wave}
    dependents = _dependents({name: service.depends_on for name, service in resolved.services.items()})
    nodes = [
        GraphNode(
            name=name,
            kind=resolved.services[name].kind,
            wave=wave_of[name],
            depends_on=list(resolved.services[name].depends_on),
            dependents=dependents[name],
        )
        for wave in resolved.waves
        for name in wave
    ]
    edges = [GraphEdge(service=node.name, depends_on=dependency) for node in nodes for dependency in node.depends_on]
    return PlanGraph(
        environment=resolved.environment,
        nodes=nodes,
        edges=edges,
        waves=[list(wave) for wave in resolved.waves],
        max_parallelism=resolved.max_parallelism,
    )


def _dependents(depends_on: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {name: [] for name in depends_on}
    for name, dependencies in depends_on.items():
        for dependency in dependencies:
            found.setdefault(dependency, []).append(name)
    return {name: sorted(names) for name, names in found.items()}


def blast_radius(graph: PlanGraph, changed: Collection[str]) -> list[str]:
    """The services downstream of `changed` (depending on them, directly or through others), not counting
    `changed` itself, in wave order: what else a deploy or rollback of `changed` may disturb."""
    dependents = {node.name: node.dependents for node in graph.nodes}
    seen: set[str] = set()
    pending = [name for name in changed if name in dependents]
    while pending:
        for dependent in dependents[pending.pop()]:
            if dependent not in seen:
                seen.add(dependent)
                pending.append(dependent)
    return [node.name for node in graph.nodes if node.name in seen and node.name not in changed]
