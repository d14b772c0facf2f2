"""Correlation: the deepest bad dependency is the root cause; it impacts all its dependents in the plan."""

import pytest

from services.monitor.domain.correlation import blame

GRAPH = {"web": ["api"], "api": ["db"], "worker": ["db"], "db": [], "cache": []}


@pytest.mark.parametrize(
    ("service", "bad", "root", "impacted"),
    [
        ("api", {"api", "db"}, "db", ["api", "web", "worker"]),
        ("web", {"web", "api", "db", "worker"}, "db", ["api", "web", "worker"]),
        ("api", {"api"}, "api", ["web"]),
        ("web", {"web", "api"}, "api", ["web"]),
        ("cache", {"cache", "db"}, "cache", []),
    ],
)
def test_the_deepest_bad_dependency_is_the_root_cause(
    service: str, bad: set[str], root: str, impacted: list[str]
) -> None:
    found = blame(service, GRAPH, bad)
    assert (found.root_cause, found.impacted) == (root, impacted)


def test_a_root_cause_impacts_all_its_dependents_in_the_plan_bad_yet_or_not() -> None:
    """Issue 12: db's alert named web and worker and left out api, which was not unhealthy yet."""
    assert blame("db", GRAPH, {"db", "web", "worker"}).impacted == ["api", "web", "worker"]
    assert blame("web", GRAPH, {"db", "web"}).impacted == ["api", "web", "worker"]
