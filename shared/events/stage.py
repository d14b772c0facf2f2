"""Stages (dependency waves) and the deploy of each service inside them."""

from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Name, Payload, ServiceEvent


class StagePayload(Payload):
    wave: int = Field(ge=0)
    services: list[Name]


class StageStarted(DeploymentEvent):
    type: Literal["stage-started"] = "stage-started"
    payload: StagePayload


class StageSucceeded(DeploymentEvent):
    type: Literal["stage-succeeded"] = "stage-succeeded"
    payload: StagePayload


class StageFailedPayload(StagePayload):
    failed_services: list[Name]
    reason: str


class StageFailed(DeploymentEvent):
    type: Literal["stage-failed"] = "stage-failed"
    payload: StageFailedPayload


CommandStep = Literal["deploy", "switch", "rollback"]


class ServiceDeployStartedPayload(Payload):
    version: str
    step: CommandStep = "deploy"
    color: str | None = None
    previous_version: str | None = None
    command: list[str] = Field(default_factory=list)
    attempt: int = Field(default=1, ge=1)


class ServiceDeployStarted(ServiceEvent):
    type: Literal["service-deploy-started"] = "service-deploy-started"
    payload: ServiceDeployStartedPayload


class ServiceDeploySucceededPayload(Payload):
    version: str
    step: CommandStep = Field(default="deploy", description="which command ended: deploy, blue-green switch, rollback")
    duration_s: float = Field(ge=0)
    exit_code: int = 0


class ServiceDeploySucceeded(ServiceEvent):
    type: Literal["service-deploy-succeeded"] = "service-deploy-succeeded"
    payload: ServiceDeploySucceededPayload


class ServiceDeployFailedPayload(Payload):
    version: str
    step: CommandStep = "deploy"
    reason: str
    exit_code: int | None = None
    timed_out: bool = False
    duration_s: float = Field(default=0, ge=0)


class ServiceDeployFailed(ServiceEvent):
    type: Literal["service-deploy-failed"] = "service-deploy-failed"
    payload: ServiceDeployFailedPayload
