"""A rollback, run by the coordinator that ran the deployment: the changed services in reverse dependency order
(dependents first), each back to its checkpointed previous version with its rollback command, or a blue-green
service switched back to its previous color (no redeploy); one reverse wave in parallel; each gated on health.
Fast-tracked: no verification and no bake on the way back, only the health gate."""

from datetime import datetime

from shared.events import DeploymentRolledBack, RollbackCompleted, RollbackFailed, RollbackStarted
from shared.events.deployment import DeploymentRolledBackPayload
from shared.events.rollback import RollbackOutcomePayload, RollbackStartedPayload, ServiceRollbackOutcome

from . import commands
from .effects import ClearTimer
from .model import UNDO_IN_FLIGHT, Deployed, Deployment, Phase, Rollback, ServiceProgress, Undo
from .transition import Transition


def reverse_waves(waves: list[list[str]], services: list[str]) -> list[list[str]]:
    """The deployment's waves, last first, holding only the services to undo (empty waves dropped)."""
    chosen = set(services)
    return [kept for wave in reversed(waves) if (kept := [name for name in wave if name in chosen])]


def begin(transition: Transition, deployment: Deployment, services: list[str], reason: str, now: datetime) -> None:
    deployment.phase = Phase.ROLLING_BACK
    waves = reverse_waves(deployment.waves, services)
    deployment.rollback = Rollback(reason=reason, waves=waves, started_at=now)
    for name in services:
        deployment.services[name].undo, deployment.services[name].undo_detail = Undo.WAITING, ""
    transition.publish(deployment, RollbackStarted, RollbackStartedPayload(reason=reason, waves=waves))
    if waves:
        _start_wave(transition, deployment, now)
    else:
        _finish(transition, deployment, now)


def _start_wave(transition: Transition, deployment: Deployment, now: datetime) -> None:
    assert deployment.rollback is not None
    for name in deployment.rollback.waves[deployment.rollback.wave]:
        progress, spec = deployment.services[name], deployment.specs[name]
        if spec.blue_green and progress.previous_color and spec.switch:
            _run(transition, deployment, name, spec.switch, spec.switch_timeout_s, color=progress.previous_color)
        elif progress.previous_version and (spec.rollback or spec.deploy):
            _run(
                transition,
                deployment,
                name,
                spec.rollback or spec.deploy,
                spec.rollback_timeout_s,
                color=progress.previous_color,
            )
        else:
            _settle(progress, Undo.FAILED, f"no earlier version to return to: it stays at {progress.version}")
    _advance(transition, deployment, now)


def _settle(progress: ServiceProgress, undo: Undo, detail: str = "") -> None:
    progress.undo, progress.undo_detail = undo, detail


def _run(
    transition: Transition, deployment: Deployment, name: str, template: list[str], timeout_s: float, color: str | None
) -> None:
    progress = deployment.services[name]
    back = progress.previous_version or progress.version
    progress.undo = Undo.RUNNING
    commands.run_command(
        transition,
        deployment,
        name,
        "rollback",
        template,
        timeout_s,
        version=back,
        replaces=progress.version,
        previous_version=back,
        artifact=progress.previous_artifact or progress.artifact,
        color=color,
    )


def command_done(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    progress, spec = deployment.services[name], deployment.specs[name]
    if deployment.phase is not Phase.ROLLING_BACK or progress.undo is not Undo.RUNNING:
        return
    if not spec.probed:
        _settle(progress, Undo.RESTORED)
    else:
        progress.undo = Undo.GATING
        commands.request_gate(transition, deployment, name, progress.previous_version, progress.previous_color, now)
    _advance(transition, deployment, now)


def gate_passed(transition: Transition, deployment: Deployment, name: str, now: datetime) -> None:
    progress = deployment.services[name]
    if deployment.phase is Phase.ROLLING_BACK and progress.undo is Undo.GATING:
        transition.effects.append(ClearTimer(deployment.id, "gate", name))
        _settle(progress, Undo.RESTORED)
        _advance(transition, deployment, now)


def failed(transition: Transition, deployment: Deployment, name: str, reason: str, now: datetime, *, at: Undo) -> None:
    """The rollback command failed (at RUNNING), or the restored version did not pass its gate (at GATING): the
    others go on. An answer meant for the deployment's own steps (a killed deploy, a late gate) changes nothing."""
    progress = deployment.services[name]
    if deployment.phase is not Phase.ROLLING_BACK or progress.undo is not at:
        return
    if progress.undo is Undo.GATING:
        transition.effects.append(ClearTimer(deployment.id, "gate", name))
    _settle(progress, Undo.FAILED, reason)
    _advance(transition, deployment, now)


def _advance(transition: Transition, deployment: Deployment, now: datetime) -> None:
    rollback = deployment.rollback
    assert rollback is not None
    wave = rollback.waves[rollback.wave] if rollback.waves else []
    if any(deployment.services[name].undo in (*UNDO_IN_FLIGHT, Undo.WAITING) for name in wave):
        return
    if rollback.wave + 1 < len(rollback.waves):
        rollback.wave += 1
        _start_wave(transition, deployment, now)
    else:
        _finish(transition, deployment, now)


def _finish(transition: Transition, deployment: Deployment, now: datetime) -> None:
    rollback = deployment.rollback
    assert rollback is not None
    names = [name for wave in rollback.waves for name in wave]
    outcomes = []
    for name in names:
        progress = deployment.services[name]
        restored = progress.undo is Undo.RESTORED
        outcomes.append(
            ServiceRollbackOutcome(
                service=name,
                ok=restored,
                detail=progress.undo_detail,
                restored_version=progress.previous_version if restored else None,
            )
        )
        if restored and progress.previous_version:
            transition.env.desired[name] = Deployed(
                version=progress.previous_version,
                artifact=progress.previous_artifact,
                color=progress.previous_color,
                deployment_id=deployment.id,
            )
    ok = all(outcome.ok for outcome in outcomes)
    payload = RollbackOutcomePayload(
        outcomes=outcomes, duration_s=(now - rollback.started_at).total_seconds(), reason=rollback.reason
    )
    transition.publish(deployment, RollbackCompleted if ok else RollbackFailed, payload)
    rolled_back(transition, deployment, ok, now)


def rolled_back(transition: Transition, deployment: Deployment, ok: bool, now: datetime) -> None:
    """The rollback ended: rolled back when every service is restored, else failed; the environment is free."""
    if deployment.phase is not Phase.ROLLING_BACK:
        return
    deployment.finished_at = now
    if ok:
        deployment.phase = Phase.ROLLED_BACK
        restored = {n: p.previous_version for n, p in deployment.services.items() if p.changed and p.previous_version}
        payload = DeploymentRolledBackPayload(reason=deployment.failure or "rolled back", services=restored)
        transition.publish(deployment, DeploymentRolledBack, payload)
    else:
        deployment.phase = Phase.FAILED
    transition.env.release(deployment.id)
