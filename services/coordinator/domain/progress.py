"""A running deployment, wave by wave: start commands, gate each service on health, move to the next wave."""

from datetime import datetime, timedelta

from shared.events import (
    DeploymentStarted,
    HealthGateRequested,
    ServiceDeployStarted,
    StageStarted,
    StageSucceeded,
    VerificationRequested,
)

from . import ending
from .change import Change
from .effects import RunCommand, SetTimer
from .model import Deployed, Deployment, Phase, Step

GATE_GRACE_S = 30.0  # the monitor answers at the gate timeout; this is how long we wait past it for that answer


def start(change: Change, deployment: Deployment, now: datetime) -> None:
    deployment.phase, deployment.started_at = Phase.RUNNING, now
    change.publish(
        deployment,
        DeploymentStarted,
        {
            "plan_revision": deployment.plan_revision,
            "waves": deployment.waves,
            "versions": deployment.versions(),
        },
    )
    _start_wave(change, deployment, now)


def _start_wave(change: Change, deployment: Deployment, now: datetime) -> None:
    names = deployment.waves[deployment.wave]
    change.publish(deployment, StageStarted, {"wave": deployment.wave, "services": names})
    for name in names:
        progress, spec = deployment.services[name], deployment.specs[name]
        progress.started_at = now
        if progress.previous_version == progress.version:  # unchanged: only prove it healthy
            _gate(change, deployment, name, now)
            continue
        progress.step, progress.changed = Step.DEPLOYING, True
        change.publish(
            deployment,
            ServiceDeployStarted,
            {
                "version": progress.version,
                "previous_version": progress.previous_version,
                "command": spec.deploy,
            },
            service=name,
        )
        change.effects.append(
            RunCommand(
                deployment_id=deployment.id,
                environment=deployment.environment,
                service=name,
                kind="deploy",
                template=spec.deploy,
                values=_values(deployment, name),
                timeout_s=spec.timeout_s,
                idempotent=spec.idempotent,
                version=progress.version,
                correlation_id=deployment.correlation_id,
            )
        )


def _values(deployment: Deployment, name: str) -> dict[str, str | None]:
    progress = deployment.services[name]
    return {
        "service": name,
        "version": progress.version,
        "previous_version": progress.previous_version,
        "environment": deployment.environment,
        "artifact": progress.artifact,
        "color": None,
    }


def _gate(change: Change, deployment: Deployment, name: str, now: datetime) -> None:
    progress, spec = deployment.services[name], deployment.specs[name]
    if not spec.probed:
        progress.step, progress.finished_at = Step.PASSED, now
        return
    progress.step = Step.GATING
    change.publish(
        deployment,
        HealthGateRequested,
        {
            "expected_version": progress.version,
            "timeout_s": spec.gate_timeout_s,
            "consecutive_passes": spec.gate_passes,
        },
        service=name,
    )
    change.effects.append(
        SetTimer(deployment.id, "gate", now + timedelta(seconds=spec.gate_timeout_s + GATE_GRACE_S), service=name)
    )


def deployed(change: Change, deployment: Deployment, name: str, now: datetime) -> None:
    """Its command exited 0: the new version is what runs now (the checkpoint), and its health gate starts."""
    progress = deployment.services[name]
    if deployment.phase is not Phase.RUNNING or progress.step is not Step.DEPLOYING:
        return
    change.env.desired[name] = Deployed(
        version=progress.version, artifact=progress.artifact, deployment_id=deployment.id
    )
    _gate(change, deployment, name, now)
    advance(change, deployment, now)


def passed(change: Change, deployment: Deployment, name: str, now: datetime) -> None:
    progress = deployment.services[name]
    if deployment.phase is Phase.RUNNING and progress.step is Step.GATING:
        progress.step, progress.finished_at = Step.PASSED, now
        advance(change, deployment, now)


def failed(change: Change, deployment: Deployment, name: str, reason: str, now: datetime) -> None:
    progress = deployment.services[name]
    if deployment.phase is not Phase.RUNNING or progress.step not in (Step.DEPLOYING, Step.GATING):
        return
    progress.step, progress.reason, progress.finished_at = Step.FAILED, reason, now
    deployment.failing = True
    deployment.failure = deployment.failure or f"{name}: {reason}"
    advance(change, deployment, now)


def advance(change: Change, deployment: Deployment, now: datetime) -> None:
    """After any service moved: end a failing deployment once nothing runs, or finish the wave and go on."""
    if deployment.in_flight():
        return
    if deployment.failing:
        ending.fail(change, deployment, deployment.failure, "deploy", now)
        return
    names = deployment.waves[deployment.wave]
    change.publish(deployment, StageSucceeded, {"wave": deployment.wave, "services": names})
    if deployment.wave + 1 < len(deployment.waves):
        deployment.wave += 1
        _start_wave(change, deployment, now)
    elif any(deployment.specs[n].verify for n in deployment.specs):
        deployment.phase = Phase.VERIFYING
        change.publish(deployment, VerificationRequested, {})
        timeout = max(s.verify_timeout_s for s in deployment.specs.values() if s.verify)
        change.effects.append(SetTimer(deployment.id, "verification", now + timedelta(seconds=timeout)))
    else:
        ending.bake(change, deployment, now)
