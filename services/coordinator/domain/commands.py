"""What a deployment asks of one service: run one of its commands (deploy, switch, rollback), announced with
service-deploy-started, or gate its health, with a timer in case no answer comes."""

from datetime import datetime, timedelta

from shared.events import HealthGateRequested, ServiceDeployStarted
from shared.events.health import HealthGateRequestedPayload
from shared.events.stage import CommandStep, ServiceDeployStartedPayload

from .effects import RunCommand, SetTimer
from .model import Deployment
from .transition import Transition

GATE_GRACE_S = 30.0  # the monitor answers at the gate timeout; this is how long we wait past it for that answer


def run_command(
    transition: Transition,
    deployment: Deployment,
    name: str,
    kind: CommandStep,
    template: list[str],
    timeout_s: float,
    *,
    version: str,
    replaces: str | None,
    previous_version: str | None,
    artifact: str | None,
    color: str | None,
    job_id: str | None = None,
) -> None:
    """`version` is what the command makes run and `replaces` what ran before it (the event's previous_version);
    `previous_version` is what {previous_version} means in the command (a rollback's: the version it returns to)."""
    values = {
        "service": name,
        "version": version,
        "previous_version": previous_version,
        "environment": deployment.environment,
        "artifact": artifact,
        "color": color,
    }
    started = ServiceDeployStartedPayload(
        version=version, previous_version=replaces, command=template, step=kind, color=color
    )
    transition.publish(deployment, ServiceDeployStarted, started, service=name)
    transition.effects.append(
        RunCommand(
            deployment_id=deployment.id,
            environment=deployment.environment,
            service=name,
            kind=kind,
            template=template,
            values=values,
            timeout_s=timeout_s,
            idempotent=deployment.specs[name].idempotent,
            version=version,
            correlation_id=deployment.correlation_id,
            variables=deployment.variables,
            job_id=job_id,
        )
    )


def request_gate(
    transition: Transition, deployment: Deployment, name: str, expected: str | None, color: str | None, now: datetime
) -> None:
    """Asks the monitor to gate `expected` (on `color`'s endpoints, blue-green); the gate timer fails it if no
    answer comes within the gate's timeout and a grace."""
    spec = deployment.specs[name]
    gate = HealthGateRequestedPayload(
        expected_version=expected, timeout_s=spec.gate_timeout_s, consecutive_passes=spec.gate_passes, color=color
    )
    transition.publish(deployment, HealthGateRequested, gate, service=name)
    due = now + timedelta(seconds=spec.gate_timeout_s + GATE_GRACE_S)
    transition.effects.append(SetTimer(deployment.id, "gate", due, service=name))


def job_id(deployment: Deployment, name: str, kind: str = "deploy") -> str:
    """A run after the first names its own job, so it is not taken for the first run (enqueue is idempotent)."""
    runs = deployment.services[name].runs
    return f"{deployment.id}:{name}:{kind}" + (f":run{runs}" if runs > 1 else "")
