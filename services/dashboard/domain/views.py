"""What the dashboard knows of a deployment, built from its events alone: the read model's records, and the API's
response models (so the OpenAPI document describes exactly what is stored)."""

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from shared.events.verification import CheckResult

Status = Literal[
    "requested",
    "queued",
    "awaiting-approval",
    "running",
    "verifying",
    "baking",
    "paused",
    "rolling-back",
    "succeeded",
    "failed",
    "rejected",
    "cancelled",
    "rolled-back",
]
TERMINAL: frozenset[Status] = frozenset({"succeeded", "failed", "rejected", "cancelled", "rolled-back"})
STATUSES: tuple[Status, ...] = get_args(Status)


class View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Attempt(View):
    """One run of one command of a service (deploy, blue-green switch, rollback); a retry is a new attempt."""

    attempt: int
    step: str  # deploy, switch or rollback
    version: str
    previous_version: str | None = None
    started_at: datetime
    ended_at: datetime | None = None
    outcome: Literal["running", "succeeded", "failed"] = "running"
    duration_s: float | None = None
    exit_code: int | None = None
    timed_out: bool = False
    reason: str = ""


class GateView(View):
    requested_at: datetime | None = None
    outcome: Literal["waiting", "passed", "failed"] = "waiting"
    ended_at: datetime | None = None
    waited_s: float | None = None
    reason: str = ""


class ServiceSteps(View):
    service: str
    wave: int | None = None
    from_version: str | None = None
    to_version: str | None = None
    attempts: list[Attempt] = Field(default_factory=list)
    gate: GateView | None = None
    restored_version: str | None = None  # after a rollback of this service
    rollback_ok: bool | None = None
    rollback_detail: str = ""


class Approval(View):
    requested_at: datetime
    approvers: list[str] = Field(default_factory=list)
    reason: str = ""
    granted_by: str | None = None
    granted_at: datetime | None = None
    comment: str = ""


class Said(View):
    """Something a person (or Flightdeck) asked for or decided, with who, why and when."""

    at: datetime
    by: str = "unknown"
    reason: str = ""


class VerificationView(View):
    status: Literal["running", "passed", "failed"] = "running"
    requested_at: datetime | None = None
    ended_at: datetime | None = None
    kinds: list[str] = Field(default_factory=list)
    results: list[CheckResult] = Field(default_factory=list)
    summary: str = ""


class RollbackView(View):
    """The decision to roll back (its trigger and reasons, with their numbers) and how it went."""

    requested_at: datetime | None = None
    trigger: str = ""
    requested_by: str = ""
    reason: str = ""
    reasons: list[str] = Field(default_factory=list)
    started_at: datetime | None = None
    waves: list[list[str]] = Field(default_factory=list)
    ended_at: datetime | None = None
    outcome: Literal["requested", "running", "completed", "failed"] = "requested"
    duration_s: float | None = None


class IncidentView(View):
    incident_id: str
    title: str = ""
    trigger: str = ""
    services: list[str] = Field(default_factory=list)
    detected_at: datetime | None = None
    began_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: str | None = None  # None while open
    decision: str = ""
    reasons: list[str] = Field(default_factory=list)
    time_to_detect_s: float | None = None
    time_to_recover_s: float | None = None


class DeploymentView(View):
    id: str
    environment: str
    status: Status = "requested"
    created_at: datetime  # the first event seen (normally deploy-requested)
    updated_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None
    requested_by: str = "unknown"
    reason: str = ""
    version: str | None = None
    versions: dict[str, str] = Field(default_factory=dict)  # asked for per service
    commit_sha: str | None = None
    commit_time: datetime | None = None
    ci_run_url: str | None = None
    plan_revision: int | None = None
    waves: list[list[str]] = Field(default_factory=list)
    services: dict[str, ServiceSteps] = Field(default_factory=dict)
    queued_behind: str | None = None
    approval: Approval | None = None
    cancel: Said | None = None
    pause: Said | None = None
    resumes: list[Said] = Field(default_factory=list)
    bake_until: datetime | None = None
    verification: VerificationView | None = None
    rollback: RollbackView | None = None
    incident: IncidentView | None = None
    failure: str = ""  # why it failed, was rejected or rolled back, in the words of the event that said so
    failed_services: list[str] = Field(default_factory=list)

    @property
    def who(self) -> set[str]:
        """Everyone who asked for something in this deployment: the history's "who" filter matches any of them."""
        people = {self.requested_by}
        people.update(said.by for said in (self.cancel, *self.resumes) if said is not None)
        if self.approval and self.approval.granted_by:
            people.add(self.approval.granted_by)
        if self.rollback and self.rollback.requested_by:
            people.add(self.rollback.requested_by)
        return {person for person in people if person and person != "unknown"}
