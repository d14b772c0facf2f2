"""Turning a deploy request into a deployment, or into a rejection that says exactly what is wrong (pure)."""

from datetime import datetime

from shared.events import DeployRequested
from shared.events.deployment import VERSION, VERSION_RULE
from shared.plan import ResolvedPlan

from .model import Deployment, EnvironmentState, Phase, ServiceProgress, ServiceSpec


class Rejected(ValueError):
    """The request cannot become a deployment; the message is shown to whoever asked."""


def targets(event: DeployRequested, plan: ResolvedPlan) -> dict[str, str]:
    request = event.payload
    known = sorted(plan.services)
    names = request.services or (known if request.version else sorted(request.versions))
    if not names:
        raise Rejected("nothing to deploy: give a version for every service, or versions per service")
    unknown = [n for n in [*names, *request.versions] if n not in plan.services]
    if unknown:
        raise Rejected(
            f"unknown service {unknown[0]!r} in environment {plan.environment!r}; the plan has {', '.join(known)}"
        )
    versions = {}
    for name in names:
        version = request.versions.get(name) or request.version
        if version is None:
            raise Rejected(f"no version for {name!r}: give a version, or one for {name} (--service {name}=VERSION)")
        if not VERSION.match(version):
            raise Rejected(f"{version!r} is not a version for {name!r}: {VERSION_RULE}")
        versions[name] = version
    return versions


def _spec(plan: ResolvedPlan, name: str) -> ServiceSpec:
    service = plan.services[name]
    if not service.deploy:
        raise Rejected(f"service {name!r} has no deploy command in the plan")
    policy, verification = service.rollback_policy, service.verification
    return ServiceSpec(
        deploy=list(service.deploy),
        timeout_s=service.timeouts.deploy,
        idempotent=service.idempotent,
        probed=service.probed,
        gate_timeout_s=service.health.gate_timeout,
        gate_passes=service.health.passes_to_ready,
        bake_s=policy.bake_time,
        verify=verification.has_checks,
        verify_timeout_s=verification.timeout,
        on_failure=policy.on_failure,
        on_cancel=policy.on_cancel,
        blue_green=service.strategy.type == "blue-green",
        switch=list(service.strategy.switch or []),
        switch_timeout_s=service.timeouts.switch,
        rollback=list(service.rollback or []),
        rollback_timeout_s=service.timeouts.rollback,
    )


def idle_color(live: str | None) -> str:
    """Blue-green: deploy beside what serves now; the very first deployment goes to blue."""
    return "green" if live == "blue" else "blue"


def _duplicate(env: EnvironmentState, versions: dict[str, str]) -> str | None:
    if all(env.desired.get(n) and env.desired[n].version == v for n, v in versions.items()):
        listed = ", ".join(f"{n} {v}" for n, v in sorted(versions.items()))
        return f"already deployed in {env.name}: {listed}"
    for other in ([env.active] if env.active else []) + env.queue:
        if other.versions == versions:
            return f"the same versions are already {'queued' if other in env.queue else 'deploying'} ({other.id})"
    return None


def build(
    event: DeployRequested, plan: ResolvedPlan, revision: int | None, env: EnvironmentState, now: datetime
) -> Deployment:
    """A deployment pinned to this plan revision, with every service's settings frozen in; or Rejected."""
    chosen = targets(event, plan)
    versions = {name: chosen[name] for wave in plan.waves for name in wave if name in chosen}  # deploy order
    specs = {name: _spec(plan, name) for name in versions}
    duplicate = None if event.payload.redeploy else _duplicate(env, versions)
    if duplicate:
        raise Rejected(duplicate)
    artifacts = event.payload.artifacts
    services = {}
    for name, version in versions.items():
        before = env.desired.get(name)
        artifact = artifacts.get(name)
        previous_color = before.color if before else None
        services[name] = ServiceProgress(
            version=version,
            previous_version=before.version if before else None,
            previous_artifact=before.artifact if before else None,
            previous_color=previous_color,
            color=(idle_color(previous_color) if before is None or before.version != version else previous_color)
            if specs[name].blue_green
            else None,
            artifact=(f"{artifact.reference}@{artifact.digest}" if artifact.digest else artifact.reference)
            if artifact
            else None,
        )
    request = event.payload
    return Deployment(
        id=event.deployment_id,
        environment=event.environment,
        phase=Phase.QUEUED,
        plan_revision=revision,
        requested_by=request.requested_by,
        reason=request.reason,
        commit_sha=request.commit_sha,
        commit_time=request.commit_time,
        ci_run_url=request.ci_run_url,
        correlation_id=event.correlation_id or event.deployment_id,
        approval_required=plan.approval_required,
        redeploy=event.payload.redeploy,
        variables=plan.variables,
        max_parallelism=plan.max_parallelism,
        waves=[[n for n in wave if n in versions] for wave in plan.waves if any(n in versions for n in wave)],
        specs=specs,
        services=services,
        created_at=now,
    )


def rejected(event: DeployRequested, reason: str, now: datetime) -> Deployment:
    return Deployment(
        id=event.deployment_id,
        environment=event.environment,
        phase=Phase.REJECTED,
        failure=reason,
        requested_by=event.payload.requested_by,
        correlation_id=event.correlation_id or event.deployment_id,
        created_at=now,
        finished_at=now,
    )
