"""The runner's decisions, as pure functions: whether a claimed job may run, and what its outcome event says."""

from typing import TypedDict

from shared.events import ServiceDeployFailed, ServiceDeploySucceeded
from shared.events.stage import ServiceDeployFailedPayload, ServiceDeploySucceededPayload
from shared.process import ProcessResult

from .job import Claimed, Job

ORPHAN_NOT_RERUN = (
    "the coordinator replica running this command stopped mid-command; the command is not marked idempotent, "
    "so it was not run again"
)
CANCELLED = "cancelled"
JobOutcome = ServiceDeploySucceeded | ServiceDeployFailed  # the event that ends a job


def refusal(claimed: Claimed) -> str | None:
    """Why the claimed job must not run, or None to run it.

    An orphan's command may have run partly or fully; running it again is only safe when the plan says the
    command is idempotent. Otherwise the service fails, and the deployment's failure handling (rollback)
    takes over. A cancel that arrived while the job was orphaned is honoured without starting anything.
    """
    if claimed.cancel_requested:
        return CANCELLED
    if claimed.orphaned and not claimed.job.idempotent:
        return ORPHAN_NOT_RERUN
    return None


class _Envelope(TypedDict):
    deployment_id: str
    environment: str
    service: str
    correlation_id: str | None
    causation_id: str | None
    producer: str


def _envelope(job: Job, producer: str) -> _Envelope:
    return {
        "deployment_id": job.deployment_id,
        "environment": job.environment,
        "service": job.service,
        "correlation_id": job.correlation_id,
        "causation_id": job.causation_id,
        "producer": producer,
    }


def failed_event(
    job: Job,
    reason: str,
    producer: str = "coordinator",
    *,
    exit_code: int | None = None,
    timed_out: bool = False,
    duration_s: float = 0.0,
) -> ServiceDeployFailed:
    payload = ServiceDeployFailedPayload(
        version=job.version,
        reason=reason,
        exit_code=exit_code,
        timed_out=timed_out,
        duration_s=max(0.0, duration_s),
        step=job.kind,
    )
    return ServiceDeployFailed(payload=payload, **_envelope(job, producer))


def outcome_event(job: Job, result: ProcessResult, producer: str = "coordinator") -> JobOutcome:
    """The event that ends a job: the service-deploy events, whose `step` says which command it was."""
    if result.ok:
        payload = ServiceDeploySucceededPayload(
            version=job.version,
            duration_s=max(0.0, result.duration_s),
            exit_code=0,
            step=job.kind,
        )
        return ServiceDeploySucceeded(payload=payload, **_envelope(job, producer))
    return failed_event(
        job,
        result.reason(),
        producer,
        exit_code=result.exit_code,
        timed_out=result.timed_out,
        duration_s=result.duration_s,
    )


def heartbeat_interval(lease_s: float) -> float:
    """Three renewals per lease: one late or failed renewal does not lose the job."""
    return lease_s / 3


def presumed_lost(since_last_renewal_s: float, lease_s: float) -> bool:
    """Without a successful renewal for two thirds of the lease (Redis unreachable), another replica may soon
    take the job over: stop the command before that, rather than risk two runs at once."""
    return since_last_renewal_s >= lease_s * 2 / 3
