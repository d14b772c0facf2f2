"""What to watch, from the plan (pure): every probed service of every environment with a ready URL, and what cannot
be watched (a URL that does not resolve), with what is wrong and what to do about it."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from shared.plan import Plan, Problem, RenderError, references, render
from shared.plan.errors import did_you_mean
from shared.plan.resolve import effective_service


@dataclass(frozen=True)
class Target:
    environment: str
    service: str
    url: str
    interval_s: float
    timeout_s: float
    passes_to_ready: int
    failures_to_degraded: int
    depends_on: tuple[str, ...]
    error_rate_limit: float | None = None
    p95_limit_ms: float | None = None
    regression: float | None = None
    bake_interval_s: float = 1.0
    detailed_url: str | None = None  # health.detailed: probed while a new version bakes, and for root cause
    agreement: int = 2  # rollback_policy.agreement: windows a lasting finding is reported in (see Recorder)

    @property
    def key(self) -> str:
        return f"{self.environment}/{self.service}"


@dataclass(frozen=True)
class Unwatched:
    """A health URL of the plan the monitor cannot probe: `field` is its path under the service."""

    environment: str
    service: str
    field: str
    problem: str


@dataclass(frozen=True)
class Watchlist:
    targets: list[Target] = field(default_factory=list)
    unwatched: list[Unwatched] = field(default_factory=list)


def _resolve(url: str, service: str, environment: str, variables: list[str]) -> tuple[str | None, str]:
    """The URL to probe, or None and why not. Plan variables are already filled in: a ${NAME} left is unknown."""
    try:
        return render(url, {"service": service, "environment": environment}), ""
    except RenderError as exc:
        unknown = references(url)
        if not unknown:
            return None, (
                f"{exc}: watching fills in only {{service}} and {{environment}} (the others are known to "
                "health gates during a deployment); write the URL without it"
            )
        hint = did_you_mean(unknown[0], variables, "${", "}")
        return None, (
            f"${{{unknown[0]}}} is not a variable of environment {environment}{hint or '.'} Define it "
            f"under environments.{environment}.variables, or correct the name"
        )


def watchlist(plan: Plan) -> Watchlist:
    found = Watchlist()
    for environment, settings in plan.environments.items():
        variables = sorted(settings.variables)
        for name in plan.services:
            service = effective_service(plan, environment, name)
            health = service.health
            if not service.probed or health.ready is None or "{color}" in str(health.ready):
                continue  # a blue-green URL needs the live color: gates probe those, watching does not yet
            url, problem = _resolve(str(health.ready), name, environment, variables)
            if url is None:
                found.unwatched.append(Unwatched(environment, name, "health.ready", problem))
                continue
            detailed = None
            if health.detailed is not None:
                detailed, problem = _resolve(str(health.detailed), name, environment, variables)
                if detailed is None:
                    found.unwatched.append(Unwatched(environment, name, "health.detailed", problem))
            limits, performance = service.rollback_policy.thresholds, service.verification.performance
            found.targets.append(
                Target(
                    environment,
                    name,
                    url,
                    health.interval,
                    health.timeout,
                    health.passes_to_ready,
                    health.failures_to_degraded,
                    tuple(service.depends_on),
                    limits.error_rate,
                    limits.p95_latency * 1000 if limits.p95_latency is not None else None,
                    performance.regression_threshold if performance else None,
                    health.bake_interval,
                    detailed,
                    service.rollback_policy.agreement,
                )
            )
    return found


def targets(plan: Plan) -> list[Target]:
    return watchlist(plan).targets


_HEALTH_PATH = re.compile(
    r"(?:environments\.(?P<environment>[^.\[]+)\.)?services\.(?P<service>[^.\[]+)\."
    r"(?P<field>health(?:\.[^.\[]+)*)"
)


def unwatched_in(problems: Iterable[Problem]) -> list[Unwatched]:
    """The health settings a plan that does not load has problems with, from its validation problems' paths."""
    found = []
    for problem in problems:
        match = _HEALTH_PATH.fullmatch(problem.path)
        if match:
            found.append(Unwatched(match["environment"] or "", match["service"], match["field"], problem.message))
    return found
