"""Root causes first (pure): when a dependency is the root cause of a service's trouble, restarting the service cannot
help. The root cause is acted on first; a dependent whose root cause is degraded is deferred, and when that root
recovers the deferred dependents are checked again (acted on only if they are still degraded)."""

from collections.abc import Mapping, Set
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Act:
    """Restart this service (budget permitting)."""


@dataclass(frozen=True)
class Defer:
    on: str  # the degraded root cause to wait for


def cascade(service: str, root_cause: str | None, degraded: Set[str]) -> Act | Defer:
    """Act on a service unless another service, degraded now, is the root cause of its trouble."""
    if root_cause is None or root_cause == service or root_cause not in degraded:
        return Act()
    return Defer(root_cause)


@dataclass(frozen=True)
class Release:
    recheck: list[str] = field(default_factory=list)  # deferred on the root and still degraded: look again
    dropped: list[str] = field(default_factory=list)  # deferred on the root but recovered meanwhile: forget


def release(root: str, deferred: Mapping[str, str], degraded: Set[str]) -> Release:
    """The root recovered: what becomes of the dependents deferred on it (`deferred`: dependent -> its root)."""
    waiting = sorted(name for name, on in deferred.items() if on == root and name != root)
    return Release([n for n in waiting if n in degraded], [n for n in waiting if n not in degraded])
