"""What to watch, from the plan (pure): every probed service of every environment with a ready URL."""

from dataclasses import dataclass

from shared.plan import Plan, RenderError, render
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

    @property
    def key(self) -> str:
        return f"{self.environment}/{self.service}"


def targets(plan: Plan) -> list[Target]:
    found = []
    for environment in plan.environments:
        for name in plan.services:
            service = effective_service(plan, environment, name)
            health = service.health
            if not service.probed or health.ready is None or "{color}" in str(health.ready):
                continue  # a blue-green URL needs the live color: gates probe those, watching does not yet
            try:
                url = render(str(health.ready), {"service": name, "environment": environment})
            except RenderError:
                continue
            limits, performance = service.rollback_policy.thresholds, service.verification.performance
            found.append(Target(
                environment, name, url, health.interval, health.timeout, health.passes_to_ready,
                health.failures_to_degraded, tuple(service.depends_on), limits.error_rate,
                limits.p95_latency * 1000 if limits.p95_latency is not None else None,
                performance.regression_threshold if performance else None, health.bake_interval,
            ))
    return found
