"""Checks on each service as it ends up in each environment, after defaults and overrides are applied."""

from collections.abc import Iterator

from shared.plan.errors import Issue, PathPart, listing
from shared.plan.model import Plan
from shared.plan.resolve import effective_service
from shared.plan.services import Service

Gap = tuple[tuple[PathPart, ...], str]


def completeness_issues(plan: Plan) -> list[Issue]:
    """A gap found in every environment is reported once; one found in some names those environments."""
    issues = []
    for name in plan.services:
        environments_by_gap: dict[Gap, list[str]] = {}
        for environment in plan.environments:
            for gap in _gaps(name, effective_service(plan, environment, name)):
                environments_by_gap.setdefault(gap, []).append(environment)
        for (parts, message), environments in environments_by_gap.items():
            everywhere = len(environments) == len(plan.environments)
            issues.append(Issue(parts, message if everywhere else f"in {listing(environments)}, {message}"))
    return issues


def _gaps(name: str, service: Service) -> Iterator[Gap]:
    here = ("services", name)
    if service.deploy is None:
        yield (*here, "deploy"), "there is no deploy command; give one here or under defaults"
    if service.strategy.type == "blue-green" and service.strategy.switch is None:
        yield (
            (*here, "strategy", "switch"),
            ('a blue-green strategy needs a switch command, like ["./switch.sh", "{service}", "{color}"]'),
        )
    if service.probed and service.health.ready is None:
        yield (
            (*here, "health", "ready"),
            (
                f"a {service.kind} service is probed before the deployment goes on, so it needs health.ready "
                "(the URL of its ready endpoint); use kind: job for a step that only has to exit 0"
            ),
        )
    if service.strategy.type != "blue-green":
        for field, command in (("deploy", service.deploy), ("rollback", service.rollback)):
            if command and any("{color}" in argument for argument in command):
                yield (*here, field), "uses {color}, which only has a value with strategy type blue-green"
