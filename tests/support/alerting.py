"""A plan with alerting channels pointed at test receivers, and the events that make alerts, for alerter tests."""

from pathlib import Path
from typing import Any

import yaml
from redis.asyncio import Redis

from shared.events import (
    DeploymentFailed,
    Event,
    HealthDegraded,
    HealthGatePassed,
    HealthRecovered,
    RollbackStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events.deployment import DeploymentFailedPayload
from shared.events.envelope import EventT
from shared.events.health import HealthChangePayload, HealthGatePassedPayload
from shared.events.rollback import RollbackStartedPayload
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload
from shared.streams import Keys
from tests.support.deploy_world import events

SECRET = "s3cr3t-signing-key-never-shown"


def alerting_plan(tmp_path: Path, channels: dict[str, Any], **alerting: Any) -> str:
    """Writes the plan file; db <- api <- web. Timings default to fast ones so tests stay short."""

    def service(*needs: str) -> dict[str, Any]:
        return {"kind": "job", "deploy": ["true"], "depends_on": list(needs)}

    plan = {
        "version": 1,
        "environments": {"production": {}, "staging": {}},
        "services": {"db": service(), "api": service("db"), "web": service("api")},
        "alerting": {
            "channels": channels,
            "group_wait": "0s",
            "group_interval": "300ms",
            "repeat_interval": "1h",
            "delivery": {"retry_initial": "100ms", "retry_max": "500ms", "deadline": "20s"},
        }
        | alerting,
    }
    path = tmp_path / "flightdeck.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return str(path)


def webhook(url: str, **fields: Any) -> dict[str, Any]:
    return {"type": "webhook", "url": url, "secret": "${HOOK_SECRET}"} | fields


def degraded(service: str = "api", environment: str = "production") -> HealthDegraded:
    return HealthDegraded(
        environment=environment,
        service=service,
        producer="tests",
        payload=HealthChangePayload(status="degraded", previous_status="healthy"),
    )


def unhealthy_from_the_start(service: str = "api", environment: str = "staging") -> HealthDegraded:
    """What the monitor says of a service it has never seen answer (not deployed there yet)."""
    return HealthDegraded(
        environment=environment,
        service=service,
        producer="tests",
        payload=HealthChangePayload(status="unhealthy", previous_status="unknown"),
    )


def deploying(deployment_id: str, service: str, environment: str = "staging") -> ServiceDeployStarted:
    return ServiceDeployStarted(
        deployment_id=deployment_id,
        environment=environment,
        service=service,
        producer="tests",
        payload=ServiceDeployStartedPayload(version="2.0"),
    )


def deployed(deployment_id: str, service: str, environment: str = "staging") -> list[Event]:
    """Its deploy command succeeded and its health gate passed."""
    return [
        ServiceDeploySucceeded(
            deployment_id=deployment_id,
            environment=environment,
            service=service,
            producer="tests",
            payload=ServiceDeploySucceededPayload(version="2.0", duration_s=1),
        ),
        HealthGatePassed(
            deployment_id=deployment_id,
            environment=environment,
            service=service,
            producer="tests",
            payload=HealthGatePassedPayload(version="2.0", waited_s=1),
        ),
    ]


def recovered(service: str = "api", environment: str = "production") -> HealthRecovered:
    return HealthRecovered(
        environment=environment,
        service=service,
        producer="tests",
        payload=HealthChangePayload(status="healthy", previous_status="degraded"),
    )


def failed(deployment_id: str = "d-1", environment: str = "production") -> DeploymentFailed:
    return DeploymentFailed(
        deployment_id=deployment_id,
        environment=environment,
        producer="tests",
        payload=DeploymentFailedPayload(reason="api did not become healthy", failed_services=["api"]),
    )


def rolling_back(deployment_id: str, *services: str, environment: str = "production") -> RollbackStarted:
    return RollbackStarted(
        deployment_id=deployment_id,
        environment=environment,
        producer="tests",
        payload=RollbackStartedPayload(reason="health", waves=[list(services)]),
    )


async def of_type(redis: Redis, *types: str) -> list[Event]:
    return [event for event in await events(redis) if event.type in types]


async def of_class(redis: Redis, cls: type[EventT]) -> list[EventT]:
    """The events of one class, typed as it (so its payload reads as its model)."""
    return [event for event in await events(redis) if isinstance(event, cls)]


async def publish(redis: Redis, *items: Event) -> None:
    from shared.bus.publisher import EventPublisher

    publisher = EventPublisher(redis, Keys(), producer="tests")
    for item in items:
        await publisher.publish(item)
