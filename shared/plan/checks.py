"""Checks across the plan that no single field can make: names that must exist, and dependency cycles.

They read the raw YAML data defensively, so they run (and report) even when other parts fail validation.
"""

from collections.abc import Mapping
from typing import Any

from shared.plan.errors import Issue, unknown
from shared.plan.types import one_or_many
from shared.plan.waves import find_cycles


def cross_reference_issues(data: Mapping[Any, Any]) -> list[Issue]:
    services = _mapping(data.get("services"))
    environments = _mapping(data.get("environments"))
    service_names = [name for name in services if isinstance(name, str)]
    environment_names = [name for name in environments if isinstance(name, str)]
    issues = []
    if data.get("services") == {}:
        issues.append(Issue(("services",), "the plan names no services; describe at least one under services:"))
    if data.get("environments") == {}:
        issues.append(Issue(("environments",), "the plan names no environments; add one, like staging:"))
    issues += _dependency_issues(services, service_names)
    for environment in environment_names:
        overrides = _mapping(_mapping(environments[environment]).get("services"))
        for name in overrides:
            if name not in service_names:
                issues.append(_unknown(("environments", environment, "services", name), name, "service", service_names))
    issues += _alerting_issues(_mapping(data.get("alerting")), service_names, environment_names)
    checks = data.get("integration")
    for index, check in enumerate(checks if isinstance(checks, list) else []):
        through = _mapping(check).get("through")
        issues += _names_exist(("integration", index, "through"), through, "service", service_names)
    return issues


def _dependency_issues(services: Mapping[Any, Any], names: list[str]) -> list[Issue]:
    issues = []
    graph: dict[str, list[str]] = {}
    for name in names:
        written = _mapping(services[name]).get("depends_on", [])
        listed = one_or_many(written)
        graph[name] = []
        for index, dependency in enumerate(listed if isinstance(listed, list) else []):
            parts = ("services", name, "depends_on", *((index,) if isinstance(written, list) else ()))
            if not isinstance(dependency, str):
                continue
            if dependency not in names:
                issues.append(_unknown(parts, dependency, "service", names))
            elif dependency in graph[name]:
                issues.append(Issue(parts, f"'{dependency}' is listed twice"))
            else:
                graph[name].append(dependency)
    for cycle in find_cycles(graph):
        issues.append(Issue(("services", cycle.path[0], "depends_on"), cycle.describe()))
    return issues


def _alerting_issues(alerting: Mapping[Any, Any], services: list[str], environments: list[str]) -> list[Issue]:
    channels = [name for name in _mapping(alerting.get("channels")) if isinstance(name, str)]
    issues = []
    for section in ("routes", "escalation"):
        entries = alerting.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            entry = _mapping(entry)
            issues += _names_exist((section, index, "channels"), entry.get("channels"), "channel", channels)
            match = _mapping(entry.get("match"))
            issues += _names_exist((section, index, "match", "service"), match.get("service"), "service", services)
            issues += _names_exist(
                (section, index, "match", "environment"), match.get("environment"), "environment", environments
            )
    digests = alerting.get("digests")
    for index, entry in enumerate(digests if isinstance(digests, list) else []):
        entry = _mapping(entry)
        issues += _names_exist(("digests", index, "channels"), entry.get("channels"), "channel", channels)
        environment = entry.get("environment")
        issues += _names_exist(("digests", index, "environment"), environment, "environment", environments)
    return [Issue(("alerting", *issue.parts), issue.message) for issue in issues]


def _names_exist(parts: tuple[Any, ...], value: Any, what: str, known: list[str]) -> list[Issue]:
    names = one_or_many(value)
    if not isinstance(names, list):
        return []
    written_as_list = isinstance(value, list)
    return [
        _unknown((*parts, index) if written_as_list else parts, name, what, known)
        for index, name in enumerate(names)
        if isinstance(name, str) and name not in known
    ]


def _unknown(parts: tuple[Any, ...], name: str, what: str, known: list[str]) -> Issue:
    article = "an" if what[0] in "aeiou" else "a"
    return Issue(parts, unknown(f"'{name}' is not {article} {what} in this plan", name, sorted(known), f"{what}s"))


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}
