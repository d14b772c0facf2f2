"""A deployment done by hand, told to Flightdeck afterwards (`flightdeck record`): it joins the history as a
succeeded deployment and its versions become the environment's desired state, so drift detection stays true."""

from datetime import datetime

from shared.events import DeploymentRecorded

from .model import Deployed, Deployment, EnvironmentState, Phase, ServiceProgress, Step
from .transition import Transition


def record(
    env: EnvironmentState, existing: Deployment | None, event: DeploymentRecorded, now: datetime
) -> Transition | None:
    if existing is not None:  # recorded already (the same event twice, or an id in use): nothing to do
        return None
    transition = Transition(env)
    services = {}
    for name, version in event.payload.versions.items():
        before = env.desired.get(name)
        services[name] = ServiceProgress(
            version=version,
            previous_version=before.version if before else None,
            step=Step.PASSED,
            changed=True,
            finished_at=event.occurred_at,
        )
        env.desired[name] = Deployed(version=version, deployment_id=event.deployment_id)
    transition.keep(
        Deployment(
            id=event.deployment_id,
            environment=env.name,
            phase=Phase.SUCCEEDED,
            requested_by=event.payload.recorded_by,
            reason=event.payload.reason or "recorded: deployed by hand",
            correlation_id=event.correlation_id or "",
            services=services,
            created_at=event.occurred_at,
            started_at=event.occurred_at,
            finished_at=now,
        )
    )
    return transition
