"""The coordinator's answer to a deploy request whose deployment id is taken already. Neither is a step of that
deployment, nor its end: consumers that fold a deployment's events (history, the rollback service, alerts) leave
them aside, which a deployment-rejected carrying the same id would not allow."""

from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Name, Payload


class DeployRequestAnswerPayload(Payload):
    request_event_id: Name = Field(description="the deploy-requested event this answers (also its causation_id)")
    phase: str = Field(description="where the existing deployment is now: running, succeeded, rejected, ...")


class DeployRequestRepeatedPayload(DeployRequestAnswerPayload):
    pass


class DeployRequestRepeated(DeploymentEvent):
    """The request is the one that made this deployment (same environment and versions: a CI job retried); it
    starts nothing new. Whoever asked follows the deployment from its first event."""

    type: Literal["deploy-request-repeated"] = "deploy-request-repeated"
    payload: DeployRequestRepeatedPayload


class DeployRequestRefusedPayload(DeployRequestAnswerPayload):
    reason: str = Field(description="names the deployment holding the id and what to do: ask again with a new id")


class DeployRequestRefused(DeploymentEvent):
    """A different request with the id of an existing deployment: refused, and the deployment is left as it is."""

    type: Literal["deploy-request-refused"] = "deploy-request-refused"
    payload: DeployRequestRefusedPayload
