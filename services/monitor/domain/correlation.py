"""Which failing service is the probable root cause, and which are impacted (pure).

When a service and services it depends on are unhealthy together, the deepest unhealthy dependency is the
probable root cause: the alerter pages once for it, the rollback service acts on it. A service's own detailed
health may name what it sees failing ("db", "db:connections"): such a service is a suspect even before its own
probes say so. A root cause impacts every service that depends on it, directly or not, whatever their state now.
"""

import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

Graph = Mapping[str, Iterable[str]]  # service -> the services it depends on (the plan's depends_on)


@dataclass(frozen=True)
class Blame:
    root_cause: str
    impacted: list[str]


def dependents(service: str, graph: Graph) -> list[str]:
    """Every service that depends on `service` through depends_on, directly or transitively, sorted."""
    needed_by: dict[str, set[str]] = {}
    for name, needs in graph.items():
        for need in needs:
            needed_by.setdefault(need, set()).add(name)
    found: set[str] = set()
    stack = list(needed_by.get(service, ()))
    while stack:
        name = stack.pop()
        if name not in found and name != service:
            found.add(name)
            stack.extend(needed_by.get(name, ()))
    return sorted(found)


def named_services(checks: Iterable[str], services: Iterable[str]) -> set[str]:
    """The services a list of failing checks names: a check called after a service ("db"), health+json's
    "component:measurement" ("db:connections") or an Actuator component path ("db/primary"). Case does not matter."""
    by_lower = {name.lower(): name for name in services}
    found = set()
    for check in checks:
        for candidate in (check, re.split(r"[:/]", check, maxsplit=1)[0]):
            if candidate.strip().lower() in by_lower:
                found.add(by_lower[candidate.strip().lower()])
                break
    return found


def _bad_dependencies(service: str, graph: Graph, bad: Set[str]) -> list[str]:
    """Bad services reachable through depends_on, deepest first (ties by name)."""
    depth: dict[str, int] = {}
    stack = [(dep, 1) for dep in graph.get(service, [])]
    while stack:
        name, level = stack.pop()
        if depth.get(name, 0) >= level or level > len(graph) + 1:  # the bound: a cycle never loops for ever
            continue
        depth[name] = level
        stack.extend((dep, level + 1) for dep in graph.get(name, []))
    return sorted((n for n in depth if n in bad), key=lambda n: (-depth[n], n))


def blame(service: str, graph: Graph, bad: Set[str], seen_failing: Iterable[str] = ()) -> Blame:
    """For a bad `service`: its deepest bad dependency (or itself), and every service that depends on that one.

    `seen_failing` are the checks the service's detailed health reports failing; the plan services they name count
    as bad dependencies of it (unless they depend on it: a service cannot be the cause of its own cause)."""
    suspects = named_services(seen_failing, graph) - {service} - set(dependents(service, graph))
    extended = {**graph, service: sorted({*graph.get(service, []), *suspects})}
    candidates = _bad_dependencies(service, extended, set(bad) | suspects)
    root = candidates[0] if candidates else service
    return Blame(root, dependents(root, extended))
