"""PlanGraphs written by hand for the drawing's tests: waves as lists, dependencies as a mapping."""

from collections.abc import Mapping

from services.dashboard.domain.graph import GraphEdge, GraphNode, PlanGraph


def plan_graph(waves: list[list[str]], depends_on: Mapping[str, list[str]], environment: str = "staging") -> PlanGraph:
    needs = {name: list(depends_on.get(name, [])) for wave in waves for name in wave}
    nodes = [
        GraphNode(
            name=name,
            kind="backend",
            wave=index,
            depends_on=needs[name],
            dependents=sorted(other for other, deps in needs.items() if name in deps),
        )
        for index, wave in enumerate(waves)
        for name in wave
    ]
    edges = [GraphEdge(service=node.name, depends_on=dependency) for node in nodes for dependency in node.depends_on]
    return PlanGraph(environment=environment, nodes=nodes, edges=edges, waves=waves, max_parallelism=None)
