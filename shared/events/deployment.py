"""Deployment lifecycle: requested by CI or a person, started, and ended one way or another."""

import re
from datetime import datetime
from typing import Literal

from pydantic import Field

from .envelope import DeploymentEvent, Name, Payload

VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+\-]{0,127}$")
VERSION_RULE = "use letters, digits and . _ + - (at most 128), starting with a letter or digit"


class Artifact(Payload):
    """What exactly is deployed: an image reference with digest, or a URL with a checksum."""

    reference: str = Field(min_length=1)
    digest: str | None = None


class DeployRequestedPayload(Payload):
    # Versions are free text here, so the coordinator can reject a bad one with its reason (VERSION says what it
    # accepts; the CLI checks it before publishing).
    version: str | None = None
    versions: dict[Name, str] = Field(default_factory=dict)
    services: list[Name] = Field(default_factory=list)
    artifacts: dict[Name, Artifact] = Field(default_factory=dict)
    requested_by: str = "unknown"
    reason: str = ""
    commit_sha: str | None = None
    commit_time: datetime | None = None
    ci_run_url: str | None = None
    plan_revision: int | None = None
    redeploy: bool = Field(False, description="deploy even what already runs there (drift correction, repair)")


class DeployRequested(DeploymentEvent):
    type: Literal["deploy-requested"] = "deploy-requested"
    payload: DeployRequestedPayload


class DeploymentStartedPayload(Payload):
    plan_revision: int | None = None
    waves: list[list[Name]] = Field(default_factory=list)
    versions: dict[Name, str] = Field(default_factory=dict)


class DeploymentStarted(DeploymentEvent):
    type: Literal["deployment-started"] = "deployment-started"
    payload: DeploymentStartedPayload


class DeploymentQueuedPayload(Payload):
    position: int = Field(ge=1, description="1 means next, after the active deployment")
    behind: Name = Field(description="the deployment active in this environment now")


class DeploymentQueued(DeploymentEvent):
    type: Literal["deployment-queued"] = "deployment-queued"
    payload: DeploymentQueuedPayload


class DeploymentRejectedPayload(Payload):
    reason: str


class DeploymentRejected(DeploymentEvent):
    """A request that cannot become a deployment: unknown environment or service, bad version, no valid plan."""

    type: Literal["deployment-rejected"] = "deployment-rejected"
    payload: DeploymentRejectedPayload


class BakeStartedPayload(Payload):
    duration_s: float = Field(ge=0)
    until: datetime


class BakeStarted(DeploymentEvent):
    """Every service is deployed and verified; the new versions are watched for `duration_s` before success."""

    type: Literal["bake-started"] = "bake-started"
    payload: BakeStartedPayload


class DeploymentSucceededPayload(Payload):
    duration_s: float = Field(ge=0)
    versions: dict[Name, str] = Field(default_factory=dict)


class DeploymentSucceeded(DeploymentEvent):
    type: Literal["deployment-succeeded"] = "deployment-succeeded"
    payload: DeploymentSucceededPayload


class DeploymentFailedPayload(Payload):
    reason: str
    failed_services: list[Name] = Field(default_factory=list)


class DeploymentFailed(DeploymentEvent):
    type: Literal["deployment-failed"] = "deployment-failed"
    payload: DeploymentFailedPayload


class CancelRequestedPayload(Payload):
    requested_by: str = "unknown"
    reason: str = ""


class CancelRequested(DeploymentEvent):
    type: Literal["cancel-requested"] = "cancel-requested"
    payload: CancelRequestedPayload


class DeploymentCancelledPayload(Payload):
    cancelled_by: str = "unknown"
    reason: str = ""


class DeploymentCancelled(DeploymentEvent):
    type: Literal["deployment-cancelled"] = "deployment-cancelled"
    payload: DeploymentCancelledPayload


class DeploymentRolledBackPayload(Payload):
    reason: str
    services: dict[Name, str] = Field(default_factory=dict, description="service -> restored version")


class DeploymentRolledBack(DeploymentEvent):
    type: Literal["deployment-rolled-back"] = "deployment-rolled-back"
    payload: DeploymentRolledBackPayload


class ApprovalRequestedPayload(Payload):
    approvers: list[str] = Field(default_factory=list)
    reason: str = ""


class ApprovalRequested(DeploymentEvent):
    type: Literal["approval-requested"] = "approval-requested"
    payload: ApprovalRequestedPayload


class ApprovalGrantedPayload(Payload):
    approved_by: str
    comment: str = ""


class ApprovalGranted(DeploymentEvent):
    type: Literal["approval-granted"] = "approval-granted"
    payload: ApprovalGrantedPayload


class DeploymentRecordedPayload(Payload):
    versions: dict[Name, str] = Field(min_length=1, description="service -> the version now running there")
    recorded_by: str = "unknown"
    reason: str = ""


class DeploymentRecorded(DeploymentEvent):
    """A deployment done by hand (the old scripts): history and desired state learn about it."""

    type: Literal["deployment-recorded"] = "deployment-recorded"
    payload: DeploymentRecordedPayload
