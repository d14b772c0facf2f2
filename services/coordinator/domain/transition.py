"""The outcome of one input to the state machine: what changed and what must happen, committed together."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from shared.events import DeploymentEvent, Payload

from .effects import Effect, Publish
from .model import Deployment, EnvironmentState


@dataclass
class Transition:
    """The outcome of one input: the environment, every deployment touched, and the effects, committed together."""

    env: EnvironmentState
    deployments: dict[str, Deployment] = field(default_factory=dict)
    effects: list[Effect] = field(default_factory=list)

    def publish(
        self,
        deployment: Deployment,
        event_type: type[DeploymentEvent],
        payload: Payload,
        *,
        service: str | None = None,
        causation_id: str | None = None,
    ) -> None:
        """Publishes `event_type` for the deployment (of one of its services); `payload` is that type's model."""
        # A concrete event class defaults its own `type`, which DeploymentEvent's signature (the plugin's) requires.
        build = cast(Callable[..., DeploymentEvent], event_type)
        self.effects.append(
            Publish(
                build(
                    deployment_id=deployment.id,
                    environment=deployment.environment,
                    correlation_id=deployment.correlation_id,
                    payload=payload,
                    producer="coordinator",
                    service=service,
                    causation_id=causation_id,
                )
            )
        )

    def keep(self, deployment: Deployment) -> Deployment:
        self.deployments[deployment.id] = deployment
        return deployment
