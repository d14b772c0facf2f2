"""Which failing service is the probable root cause, and which are only impacted (pure).

When a service and services it depends on are unhealthy together, the deepest unhealthy dependency is the
probable root cause: the alerter pages once for it, the rollback service acts on it.
"""

from collections.abc import Mapping, Set
from dataclasses import dataclass


@dataclass(frozen=True)
class Blame:
    root_cause: str
    impacted: list[str]


def _bad_dependencies(service: str, graph: Mapping[str, list[str]], bad: Set[str]) -> list[str]:
    """Bad services reachable through depends_on, deepest first (ties by name)."""
    depth: dict[str, int] = {}
    stack = [(dep, 1) for dep in graph.get(service, [])]
    while stack:
        name, level = stack.pop()
        if depth.get(name, 0) >= level:
            continue
        depth[name] = level
        stack.extend((dep, level + 1) for dep in graph.get(name, []))
    return sorted((n for n in depth if n in bad), key=lambda n: (-depth[n], n))


def blame(service: str, graph: Mapping[str, list[str]], bad: Set[str]) -> Blame:
    """For a bad `service`: its deepest bad dependency (or itself), and every bad service that depends on that."""
    candidates = _bad_dependencies(service, graph, bad)
    root = candidates[0] if candidates else service
    impacted = sorted(n for n in bad if n != root and root in _bad_dependencies(n, graph, bad))
    return Blame(root, impacted)
