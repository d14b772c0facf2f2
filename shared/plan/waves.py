"""Dependency order as pure functions: waves that may run in parallel, rollback order, and cycles.

A graph maps each service to the services it depends on; a dependency must deploy in an earlier wave.
"""

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import NamedTuple

Graph = Mapping[str, Iterable[str]]


class Cycle(NamedTuple):
    """members: every service caught in the knot, sorted; path: one loop through it, e.g. (a, b, a)."""

    members: tuple[str, ...]
    path: tuple[str, ...]

    def describe(self) -> str:
        if self.members == self.path[:1]:
            return f"{self.path[0]} depends on itself"
        loop = " -> ".join(self.path)
        if set(self.path) == set(self.members):
            return f"dependency cycle: {loop} (each depends on the next, so none of them can start)"
        return (
            f"dependency cycle: {loop}; {', '.join(self.members)} all depend on each other, so none of them can start"
        )


class CycleError(ValueError):
    def __init__(self, cycles: list[Cycle]) -> None:
        self.cycles = cycles
        super().__init__("; ".join(cycle.describe() for cycle in cycles))


def _normalized(graph: Graph) -> dict[str, list[str]]:
    edges = {name: list(dict.fromkeys(dependencies)) for name, dependencies in graph.items()}
    for name, dependencies in edges.items():
        unknown = [dependency for dependency in dependencies if dependency not in edges]
        if unknown:
            raise ValueError(f"{name} depends on {', '.join(unknown)}, which the graph does not contain")
    return edges


def find_cycles(graph: Graph) -> list[Cycle]:
    """Every knot of services that depend on each other (strongly connected components), in name order."""
    edges = _normalized(graph)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; plans have tens of services, so recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dependency in edges[node]:
            if dependency not in index:
                visit(dependency)
                low[node] = min(low[node], low[dependency])
            elif dependency in on_stack:
                low[node] = min(low[node], index[dependency])
        if low[node] == index[node]:
            knot = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                knot.append(member)
                if member == node:
                    break
            if len(knot) > 1 or node in edges[node]:
                knots.append(sorted(knot))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted((Cycle(tuple(knot), _loop(edges, knot)) for knot in knots), key=lambda cycle: cycle.members)


def _loop(edges: Mapping[str, list[str]], knot: list[str]) -> tuple[str, ...]:
    """The shortest way from the knot's first member back to itself, staying inside the knot."""
    start, inside = knot[0], set(knot)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for dependency in sorted(edges[node]):
            if dependency == start and (node != start or len(knot) == 1):
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return (*reversed(path), start)
            if dependency in inside and dependency != start and dependency not in came_from:
                came_from[dependency] = node
                queue.append(dependency)
    raise AssertionError("a strongly connected knot always has a loop")


def dependency_waves(graph: Graph, max_parallelism: int | None = None) -> list[list[str]]:
    """Services grouped into waves: each wave only needs earlier waves, and holds at most max_parallelism.

    Raises CycleError naming every knot when the services cannot be ordered.
    """
    if max_parallelism is not None and max_parallelism < 1:
        raise ValueError("max_parallelism must be at least 1")
    edges = _normalized(graph)
    waiting_on = {name: set(dependencies) for name, dependencies in edges.items()}
    dependents: dict[str, list[str]] = {name: [] for name in edges}
    for name, dependencies in edges.items():
        for dependency in dependencies:
            dependents[dependency].append(name)
    layer = sorted(name for name, dependencies in waiting_on.items() if not dependencies)
    waves: list[list[str]] = []
    placed = 0
    while layer:
        size = max_parallelism or len(layer)
        waves.extend(layer[start : start + size] for start in range(0, len(layer), size))
        placed += len(layer)
        following = set()
        for done in layer:
            for dependent in dependents[done]:
                waiting_on[dependent].discard(done)
                if not waiting_on[dependent]:
                    following.add(dependent)
        layer = sorted(following)
    if placed < len(edges):
        raise CycleError(find_cycles(edges))
    return waves


def rollback_waves(waves: Sequence[Sequence[str]], deployed: Collection[str] | None = None) -> list[list[str]]:
    """The waves in reverse, so a service is undone before what it depends on; only `deployed` when given."""
    reverse = [[name for name in wave if deployed is None or name in deployed] for wave in reversed(waves)]
    return [wave for wave in reverse if wave]
