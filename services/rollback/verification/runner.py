"""Runs a verification: every check of every service a deployment changed, and the plan's integration checks that
pass through them, into one list of CheckResults. Smoke, security and integration run side by side; performance
loads run one service at a time, so each is measured as its baseline was."""

import asyncio
from collections.abc import Mapping, Sequence

import aiohttp

from shared.events.verification import CheckKind, CheckResult
from shared.plan import Plan, effective_service
from shared.plan.secrets import substitute
from shared.plan.smoke import IntegrationCheck

from .baselines import Baselines, NoBaselines
from .checks import Target, performance, secure, smoke
from .client import session
from .smoke import run_smoke


def targets(
    plan: Plan, environment: str, versions: Mapping[str, str], previous: Mapping[str, str | None]
) -> list[Target]:
    """The services of the deployment that the plan still names, with their settings in the environment."""
    return [
        Target(environment, name, version, previous.get(name), effective_service(plan, environment, name))
        for name, version in versions.items()
        if name in plan.services
    ]


def integration_checks(plan: Plan, environment: str, services: Sequence[str]) -> list[IntegrationCheck]:
    """The plan's integration checks through any of the services (all of them when services is empty), with the
    environment's variables filled in."""
    variables = plan.environments[environment].variables
    chosen = [c for c in plan.integration if not services or not c.through or set(c.through) & set(services)]
    return [substitute(check, variables.get) for check in chosen]


async def run(
    targets: Sequence[Target],
    integration: Sequence[IntegrationCheck],
    baselines: Baselines | NoBaselines,
    env: Mapping[str, str],
    kinds: Sequence[CheckKind] = ("smoke", "performance", "security", "integration"),
    record: bool = True,
) -> list[CheckResult]:
    async with session() as client:
        side_by_side = await asyncio.gather(
            *(smoke(client, t, env) for t in targets if "smoke" in kinds),
            *(secure(client, t, env) for t in targets if "security" in kinds),
            _integration(client, integration, targets, env) if "integration" in kinds else _nothing(),
        )
        results = [result for group in side_by_side for result in group]
        if "performance" in kinds:
            for target in targets:
                result = await performance(client, target, env, baselines, record)
                if result is not None:
                    results.append(result)
    return results


async def _integration(
    client: aiohttp.ClientSession, checks: Sequence[IntegrationCheck], targets: Sequence[Target], env: Mapping[str, str]
) -> list[CheckResult]:
    values: dict[str, str | None] = {"environment": targets[0].environment} if targets else {}
    runs = (run_smoke(client, check, values, env, None, "integration") for check in checks)
    results = await asyncio.gather(*runs)
    return [_through(r, c) for r, c in zip(results, checks, strict=True)]


def _through(result: CheckResult, check: IntegrationCheck) -> CheckResult:
    return (
        result.model_copy(update={"name": f"{check.name} ({' → '.join(check.through)})"}) if check.through else result
    )


async def _nothing() -> list[CheckResult]:
    return []
