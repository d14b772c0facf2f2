"""Where and how often a gate probes, from the plan the monitor acts on: the service's ready URL rendered for the
deployment (service, environment, color, version) and its probing cadence, or why the plan cannot say."""

from shared.plan import PlanError, RenderError, StoredPlan, render
from shared.plan.resolve import effective_service

from .domain.gates import Gate


def configure(gate: Gate, stored: StoredPlan | None, error: PlanError | None, color: str | None) -> str:
    """Sets `gate`'s URL and cadence from `stored`; a reason when the plan cannot say ("" when it could)."""
    if stored is None and error is not None:
        first = error.problems[0] if error.problems else None
        why = f"{first.path}: {first.message}" if first and first.path else str(first.message if first else "")
        return f"the current plan does not load, so {gate.service} cannot be probed: {why}"
    if stored is None or gate.environment not in stored.plan.environments:
        return f"no plan for environment {gate.environment!r}: cannot probe {gate.service}"
    if gate.service not in stored.plan.services:
        return f"{gate.service!r} is not in the current plan"
    health = effective_service(stored.plan, gate.environment, gate.service).health
    if health.ready is None:
        return f"{gate.service} has no health.ready URL in the plan"
    try:
        gate.url = render(
            str(health.ready),
            {
                "service": gate.service,
                "environment": gate.environment,
                "color": color or "",
                "version": gate.expected_version,
            },
        )
    except RenderError as exc:
        return f"cannot build {gate.service}'s ready URL: {exc}"
    gate.interval_s, gate.timeout_s = health.interval, health.timeout
    gate.failures_needed = health.failures_to_degraded
    return ""
