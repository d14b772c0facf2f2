"""A deployment's progress as the coordinator publishes it, for the Now page's tests: a deployment started in waves,
a service's command attempts (a retry is attempt 2), its gate, a pause, and its command's log lines as the
coordinator writes them to the deployment's log stream."""

from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from shared.events import (
    DeploymentPaused,
    DeploymentStarted,
    DeployRequested,
    Event,
    HealthGateRequested,
    ServiceDeployFailed,
    ServiceDeployStarted,
)
from shared.events import deployment as d
from shared.events.health import HealthGateRequestedPayload
from shared.events.recovery import DeploymentPausedPayload
from shared.events.stage import ServiceDeployFailedPayload, ServiceDeployStartedPayload
from shared.streams import Keys

T0 = datetime(2026, 11, 1, 12, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def started(deployment_id: str, waves: list[list[str]], environment: str = "staging") -> list[Event]:
    versions = {service: "2.0" for wave in waves for service in wave}
    asked = d.DeployRequestedPayload(versions=versions, requested_by="ana", reason="release 2")
    begun = d.DeploymentStartedPayload(waves=waves)
    return [
        DeployRequested(occurred_at=at(0), payload=asked, deployment_id=deployment_id, environment=environment),
        DeploymentStarted(occurred_at=at(1), payload=begun, deployment_id=deployment_id, environment=environment),
    ]


def attempt(deployment_id: str, service: str, n: int, environment: str = "staging") -> Event:
    payload = ServiceDeployStartedPayload(version="2.0", previous_version="1.0", attempt=n)
    return ServiceDeployStarted(
        occurred_at=at(10 * n), payload=payload, deployment_id=deployment_id, environment=environment, service=service
    )


def failed(deployment_id: str, service: str, n: int, reason: str, environment: str = "staging") -> Event:
    payload = ServiceDeployFailedPayload(version="2.0", reason=reason, exit_code=3, duration_s=4.5)
    when = at(10 * n + 5)
    return ServiceDeployFailed(
        occurred_at=when, payload=payload, deployment_id=deployment_id, environment=environment, service=service
    )


def gate(deployment_id: str, service: str, environment: str = "staging") -> Event:
    payload = HealthGateRequestedPayload(expected_version="2.0", timeout_s=60)
    return HealthGateRequested(
        occurred_at=at(50), payload=payload, deployment_id=deployment_id, environment=environment, service=service
    )


def paused(deployment_id: str, service: str, reason: str, environment: str = "staging") -> Event:
    payload = DeploymentPausedPayload(reason=reason, failed_services=[service])
    return DeploymentPaused(occurred_at=at(60), payload=payload, deployment_id=deployment_id, environment=environment)


async def log_line(redis: Redis, deployment_id: str, service: str, line: str) -> None:
    """A line of the service's command output, where the coordinator writes it."""
    fields = {"service": service, "stream": "stdout", "line": line, "ts": datetime.now(UTC).isoformat()}
    await redis.xadd(Keys().deployment_log(deployment_id), fields)  # type: ignore[arg-type]
