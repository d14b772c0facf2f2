"""A command the coordinator must run for one service of one deployment, and a runner's claim on it (pure)."""

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.events.envelope import Name

JobKind = Literal["deploy", "switch", "rollback"]
HeartbeatStatus = Literal["ok", "lost", "cancelled"]
# What cancel() found: "removed" (was queued; it will never run and no outcome event will come), "stopping"
# (running; its runner kills it and publishes the outcome), "finished" (already done), "unknown" (no such job).
CancelResult = Literal["removed", "stopping", "finished", "unknown"]


def job_id_for(deployment_id: str, service: str, kind: str) -> str:
    return f"{deployment_id}:{service}:{kind}"


class Job(BaseModel):
    """Names use the event envelope's Name rule, so a job can always be turned into its outcome event.

    The command is stored unrendered: ${NAME} is resolved from the runner's environment only when it runs, so
    secrets never reach Redis.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    job_id: str = Field(min_length=1)
    deployment_id: Name
    environment: Name
    service: Name
    kind: JobKind = "deploy"
    argv: tuple[str, ...] = Field(min_length=1)  # as written in the plan: placeholders filled in when it runs
    values: dict[str, str | None] = Field(default_factory=dict)  # {service}, {version}, ... for the placeholders
    env: dict[str, str] = Field(default_factory=dict)  # added to the runner's own environment
    timeout_s: float = Field(gt=0)
    idempotent: bool = False
    version: str
    causation_id: Name | None = None
    correlation_id: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, data: Any) -> Any:
        """One job per deployment, service and kind unless the caller names it: that is what makes enqueue
        idempotent when a handler runs twice for the same event."""
        if isinstance(data, dict) and not data.get("job_id"):
            deployment_id, service, kind = data.get("deployment_id"), data.get("service"), data.get("kind", "deploy")
            if isinstance(deployment_id, str) and isinstance(service, str) and isinstance(kind, str):
                data = {**data, "job_id": job_id_for(deployment_id, service, kind)}
        return data


@dataclass(frozen=True)
class Claimed:
    """A runner's claim. `attempt` is the fencing token: heartbeat and finish only count for the current one.

    orphaned: the job was already running under an earlier claim whose lease expired (that replica died or
    lost Redis mid-command), so the command may have run partly or fully.
    cancel_requested: cancel() was called before this claim (on an orphan): do not start the command.
    """

    job: Job
    attempt: int
    orphaned: bool
    owner: str
    previous_owner: str | None = None
    cancel_requested: bool = False
