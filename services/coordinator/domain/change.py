"""The outcome of one input to the state machine: what changed and what must happen, committed together."""

from dataclasses import dataclass, field
from typing import Any

from shared.events import Event

from .effects import Effect, Publish
from .model import Deployment, EnvironmentState


@dataclass
class Change:
    """The outcome of one input: the environment, every deployment touched, and the effects, committed together."""

    env: EnvironmentState
    deployments: dict[str, Deployment] = field(default_factory=dict)
    effects: list[Effect] = field(default_factory=list)

    def publish(
        self, deployment: Deployment, event_type: type[Event], payload: dict[str, Any], **envelope: str
    ) -> None:
        self.effects.append(
            Publish(
                event_type(
                    deployment_id=deployment.id,
                    environment=deployment.environment,
                    correlation_id=deployment.correlation_id,
                    payload=payload,
                    producer="coordinator",
                    **envelope,
                )
            )
        )

    def keep(self, deployment: Deployment) -> Deployment:
        self.deployments[deployment.id] = deployment
        return deployment
