"""A running deployment, wave by wave: start commands, gate each service on health, move to the next wave."""

from datetime import datetime, timedelta

from shared.events import DeploymentStarted, StageStarted, StageSucceeded, VerificationRequested
from shared.events.deployment import DeploymentStartedPayload
from shared.events.stage import CommandStep, StagePayload
from shared.events.verification import VerificationRequestedPayload

from . import commands, ending
from .effects import ClearTimer, SetTimer
from .model import IN_FLIGHT, Deployed, Deployment, Phase, Step
from .transition import Transition


def start(transition: Transition, deployment: Deployment, now: datetime) -> None:
    deployment.phase, deployment.started_at = Phase.RUNNING, now
    transition.publish(
        deployment,
        DeploymentStarted,
        DeploymentStartedPayload(
            plan_revision=deployment.plan_revision, waves=deployment.waves, versions=deployment.versions()
        ),
    )
    _start_wave(transition, deployment, now)


def _start_wave(transition: Transition, deployment: Deployment, now: datetime) -> None:
    names = deployment.waves[deployment.wave]
    transition.publish(deployment, StageStarted, StagePayload(wave=deployment.wave, services=names))
    for name in names:
        progress, spec = deployment.services[name], deployment.specs[name]
        progress.started_at = now
        if progress.previous_version == progress.version and not deployment.redeploy:  # unchanged: prove it healthy
            _gate(transition, deployment, name, now)
            continue
        progress.step = Step.DEPLOYING
        progress.changed = not spec.blue_green  # blue-green changes nothing live until it switches
        _run(transition, deployment, name, "deploy", spec.deploy, spec.timeout_s)


def _run(
    transition: Transition, deployment: Deployment, name: str, kind: CommandStep, template: list[str], timeout_s: float
) -> None:
    progress = deployment.services[name]
    commands.run_command(
        transition,
        deployment,
        name,
        kind,
        template,
        timeout_s,
        version=progress.version,
        replaces=progress.previous_version,
        previous_version=progress.previous_version,
        artifact=progress.artifact,
        color=progress.color,
        job_id=commands.job_id(deployment, name, kind) if progress.runs > 1 else None,
    )


def _gate(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    progress, spec = deployment.services[name], deployment.specs[name]
    if not spec.probed:
        progress.step, progress.finished_at = Step.PASSED, now
        return
    progress.step = Step.GATING
    commands.request_gate(transition, deployment, name, progress.version, progress.color, now)


def _checkpoint(transition: Transition, deployment: Deployment, name: str) -> None:
    """What runs in the environment now, recorded the moment it changes, so a rollback knows what to restore."""
    progress = deployment.services[name]
    transition.env.desired[name] = Deployed(
        version=progress.version,
        artifact=progress.artifact,
        color=progress.color,
        deployment_id=deployment.id,
    )


def deployed(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    """Its command exited 0: gate the new version's health (all-at-once: it already serves, so checkpoint)."""
    progress = deployment.services[name]
    if deployment.phase is not Phase.RUNNING or progress.step is not Step.DEPLOYING:
        return
    if not deployment.specs[name].blue_green:
        _checkpoint(transition, deployment, name)
    _gate(transition, deployment, name, now)
    advance(transition, deployment, now)


def passed(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    """Healthy. Blue-green then switches traffic to the new color; the old color stays up for a fast way back."""
    progress, spec = deployment.services[name], deployment.specs[name]
    if deployment.phase is not Phase.RUNNING or progress.step is not Step.GATING:
        return
    transition.effects.append(ClearTimer(deployment.id, "gate", name))
    if spec.blue_green and progress.previous_version != progress.version:
        progress.step, progress.changed = Step.SWITCHING, True
        _run(transition, deployment, name, "switch", spec.switch, spec.switch_timeout_s)
        return
    progress.step, progress.finished_at = Step.PASSED, now
    advance(transition, deployment, now)


def switched(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    progress = deployment.services[name]
    if deployment.phase is Phase.RUNNING and progress.step is Step.SWITCHING:
        _checkpoint(transition, deployment, name)
        progress.step, progress.finished_at = Step.PASSED, now
        advance(transition, deployment, now)


def failed(transition: Transition, deployment: Deployment, name: str, reason: str, now: datetime) -> None:
    progress = deployment.services[name]
    if deployment.phase is not Phase.RUNNING or progress.step not in IN_FLIGHT:
        return
    if progress.step is Step.GATING:
        transition.effects.append(ClearTimer(deployment.id, "gate", name))
    progress.step, progress.reason, progress.finished_at = Step.FAILED, reason, now
    deployment.failing = True
    deployment.failure = deployment.failure or f"{name}: {reason}"
    advance(transition, deployment, now)


def advance(transition: Transition, deployment: Deployment, now: datetime) -> None:
    """After any service moved: end a failing deployment once nothing runs, or finish the wave and go on."""
    if deployment.wave_in_flight():
        return
    if deployment.failing:
        ending.fail(transition, deployment, deployment.failure, "deploy", now)
        return
    names = deployment.waves[deployment.wave]
    transition.publish(deployment, StageSucceeded, StagePayload(wave=deployment.wave, services=names))
    if deployment.wave + 1 < len(deployment.waves):
        deployment.wave += 1
        _start_wave(transition, deployment, now)
    elif any(deployment.specs[n].verify for n in deployment.specs):
        verify(transition, deployment, now)
    else:
        ending.bake(transition, deployment, now)


def verify(transition: Transition, deployment: Deployment, now: datetime) -> None:
    deployment.phase = Phase.VERIFYING
    payload = VerificationRequestedPayload(
        plan_revision=deployment.plan_revision,
        versions=deployment.versions(),
        previous={name: p.previous_version for name, p in deployment.services.items()},
    )
    transition.publish(deployment, VerificationRequested, payload)
    timeout = max(s.verify_timeout_s for s in deployment.specs.values() if s.verify)
    transition.effects.append(SetTimer(deployment.id, "verification", now + timedelta(seconds=timeout)))


def retry(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    """A paused deployment's failed service, run again (its run number names a new job)."""
    progress, spec = deployment.services[name], deployment.specs[name]
    progress.started_at, progress.step = now, Step.DEPLOYING
    progress.changed = progress.changed or not spec.blue_green
    _run(transition, deployment, name, "deploy", spec.deploy, spec.timeout_s)
