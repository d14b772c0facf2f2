"""A deployment's state and an environment's, as plain values that persist as JSON and rebuild from events."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Phase(StrEnum):
    QUEUED = "queued"
    AWAITING_APPROVAL = "awaiting-approval"
    RUNNING = "running"
    VERIFYING = "verifying"
    BAKING = "baking"
    ROLLING_BACK = "rolling-back"
    PAUSED = "paused"  # a service failed whose plan says pause: a person resumes, retries or rolls back
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    ROLLED_BACK = "rolled-back"
    REJECTED = "rejected"


ACTIVE = {Phase.AWAITING_APPROVAL, Phase.RUNNING, Phase.VERIFYING, Phase.BAKING, Phase.ROLLING_BACK, Phase.PAUSED}
ENDED = {Phase.SUCCEEDED, Phase.FAILED, Phase.CANCELLED, Phase.ROLLED_BACK, Phase.REJECTED}


class Step(StrEnum):
    WAITING = "waiting"
    DEPLOYING = "deploying"
    GATING = "gating"
    SWITCHING = "switching"  # blue-green: the new color passed its gate; traffic is being switched to it
    PASSED = "passed"
    FAILED = "failed"
    CANCELLED = "cancelled"


IN_FLIGHT = {Step.DEPLOYING, Step.GATING, Step.SWITCHING}


class Undo(StrEnum):
    """A service's way back during a rollback: its rollback command (or switch back), then its health gate."""

    WAITING = "waiting"
    RUNNING = "running"
    GATING = "gating"
    RESTORED = "restored"
    FAILED = "failed"


UNDO_IN_FLIGHT = {Undo.RUNNING, Undo.GATING}


class State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceSpec(State):
    """What the pinned plan says about one service, frozen into the deployment when it is requested."""

    deploy: list[str]
    timeout_s: float
    idempotent: bool = False
    probed: bool = True
    gate_timeout_s: float = 300.0
    gate_passes: int = 1
    bake_s: float = 0.0
    verify: bool = False
    verify_timeout_s: float = 600.0
    on_failure: str = "rollback"
    on_cancel: str = "rollback"
    blue_green: bool = False
    switch: list[str] = Field(default_factory=list)
    switch_timeout_s: float = 120.0
    rollback: list[str] = Field(default_factory=list)  # empty: deploy the previous version with `deploy`
    rollback_timeout_s: float = 600.0


class ServiceProgress(State):
    version: str
    previous_version: str | None = None
    artifact: str | None = None
    previous_artifact: str | None = None
    color: str | None = None  # blue-green: the idle color this deployment deploys to and switches to
    previous_color: str | None = None
    step: Step = Step.WAITING
    changed: bool = False  # its deploy command was started: a rollback has something to undo
    reason: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    runs: int = 1  # deploy runs: a retry after a pause is run 2
    undo: Undo | None = None
    undo_detail: str = ""


class Rollback(State):
    reason: str
    waves: list[list[str]]  # reverse dependency order: dependents first
    wave: int = 0
    started_at: datetime


class Deployment(State):
    id: str
    environment: str
    phase: Phase
    plan_revision: int | None = None
    requested_by: str = "unknown"
    reason: str = ""
    commit_sha: str | None = None
    commit_time: datetime | None = None
    ci_run_url: str | None = None
    correlation_id: str = ""
    approval_required: bool = False
    redeploy: bool = False  # run the deploy even for services already at their version (drift correction)
    variables: dict[str, str] = Field(default_factory=dict)  # the environment's, given to every command
    max_parallelism: int | None = None
    waves: list[list[str]] = Field(default_factory=list)
    wave: int = 0
    specs: dict[str, ServiceSpec] = Field(default_factory=dict)
    services: dict[str, ServiceProgress] = Field(default_factory=dict)
    failure: str = ""
    failing: bool = False
    rollback: Rollback | None = None
    paused_from: Phase | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    version: int = 0  # bumped on every save; the store refuses a save based on an older one

    def in_flight(self) -> list[str]:
        return [name for name, p in self.services.items() if p.step in IN_FLIGHT]

    def wave_in_flight(self) -> bool:
        """Whether a service of the current wave still runs: O(the wave), not O(services). While the deployment
        runs only the current wave's services can (a wave starts once the one before has nothing in flight)."""
        return any(self.services[name].step in IN_FLIGHT for name in self.waves[self.wave])

    def changed(self) -> list[str]:
        return [name for name, p in self.services.items() if p.changed]

    def versions(self) -> dict[str, str]:
        return {name: p.version for name, p in self.services.items()}


class Deployed(State):
    version: str
    artifact: str | None = None
    color: str | None = None
    deployment_id: str | None = None


class Queued(State):
    id: str
    versions: dict[str, str]


class EnvironmentState(State):
    """One active deployment at a time, a queue behind it, and what runs there now (the desired state)."""

    name: str
    active: Queued | None = None
    queue: list[Queued] = Field(default_factory=list)
    desired: dict[str, Deployed] = Field(default_factory=dict)
    version: int = 0

    def release(self, deployment_id: str) -> None:
        """Frees the slot if `deployment_id` holds it; the store then promotes the next queued deployment, in the
        same transaction (see lifecycle.promote_next)."""
        if self.active is not None and self.active.id == deployment_id:
            self.active = None
