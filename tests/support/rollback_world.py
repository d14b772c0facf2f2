"""A fleet deployed once at 1.0.0 and then at 2.0.0, baking under the coordinator, the monitor and the rollback
service: the starting point of the rollback tests."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any, TypedDict

import yaml
from redis.asyncio import Redis

from services.coordinator.app import DEFINITION as COORDINATOR
from services.monitor.app import DEFINITION as MONITOR
from services.rollback.app import DEFINITION as ROLLBACK
from shared.bus.publisher import EventPublisher
from shared.events import (
    DeploymentStarted,
    DeployRequested,
    Event,
    HealthGatePassed,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.events.deployment import DeploymentStartedPayload, DeployRequestedPayload
from shared.events.health import HealthGatePassedPayload
from shared.events.stage import ServiceDeployStartedPayload, ServiceDeploySucceededPayload
from shared.runtime import ServiceDefinition
from shared.streams import Keys
from tests.support.deploy_world import wait_for
from tests.support.fleet import Fleet, fleet
from tests.support.inprocess import running


class Ids(TypedDict):
    """The envelope fields a test's events of one deployment share (`Event(**ids, ...)`), typed for the checker."""

    deployment_id: str
    environment: str
    producer: str


def fleet_plan(
    path: Path,
    world: Fleet,
    bake: str,
    blue_green: bool = False,
    alerting: dict[str, Any] | None = None,
    recovery: dict[str, Any] | None = None,
    **policy: Any,
) -> str:
    def backend(name: str, *needs: str) -> dict[str, Any]:
        return {
            "depends_on": list(needs),
            "deploy": world.deploy(),
            "health": {"ready": world.url(name), "detailed": world.detailed_url(name)},
        }

    services = {
        "migrate": {"kind": "job", "deploy": world.deploy()},
        "api": backend("api", "migrate"),
        "worker": backend("worker", "migrate"),
        "web": backend("web", "api", "worker"),
    }
    if blue_green:
        services["api"] |= {
            "deploy": world.deploy("{color}"),
            "strategy": {"type": "blue-green", "switch": world.switch()},
        }
        services["api"]["health"] = {"ready": world.url("api", color=True)}
    plan = {
        "version": 1,
        "defaults": {
            "health": {
                "interval": "100ms",
                "bake_interval": "100ms",
                "timeout": "1s",
                "passes_to_ready": 1,
                "failures_to_degraded": 2,
                "gate_timeout": "20s",
            },
            "rollback_policy": {"bake_time": bake, **policy},
            "recovery": recovery or {},
        },
        "environments": {"staging": {}},
        "services": services,
        **({"alerting": alerting} if alerting else {}),
    }
    path.write_text(yaml.safe_dump(plan, sort_keys=False))
    return str(path)


def api_deployed(ids: Ids, version: str, previous: str, gated: bool = True) -> list[Event]:
    """A deployment of api alone, from `previous` to `version`: it started, api's deploy started and succeeded, and
    (if `gated`) its health gate passed."""
    passed = HealthGatePassed(**ids, service="api", payload=HealthGatePassedPayload(version=version, waited_s=1))
    return [
        DeploymentStarted(**ids, payload=DeploymentStartedPayload(versions={"api": version}, waves=[["api"]])),
        ServiceDeployStarted(
            **ids, service="api", payload=ServiceDeployStartedPayload(version=version, previous_version=previous)
        ),
        ServiceDeploySucceeded(
            **ids, service="api", payload=ServiceDeploySucceededPayload(version=version, duration_s=1)
        ),
        *([passed] if gated else []),
    ]


async def publish(redis: Redis, *events: Event) -> None:
    publisher = EventPublisher(redis, Keys(), producer="tests")
    for event in events:
        await publisher.publish(event)


async def deploy(redis: Redis, deployment_id: str, version: str) -> Event:
    payload = DeployRequestedPayload(version=version)
    await publish(redis, DeployRequested(deployment_id=deployment_id, environment="staging", payload=payload))
    return await wait_for(redis, deployment_id, "bake-started", "deployment-succeeded", "deployment-failed", within=60)


@asynccontextmanager
async def baking(
    redis_url: str,
    redis: Redis,
    tmp_path: Path,
    *extra: ServiceDefinition,
    alerting: dict[str, Any] | None = None,
    **policy: Any,
) -> AsyncIterator[Fleet]:
    """d2 (2.0.0) bakes for a minute after d1 (1.0.0) succeeded; policy: rollback_policy settings."""
    plan = tmp_path / "flightdeck.yaml"
    with fleet(tmp_path) as world:
        fleet_plan(plan, world, bake="0s", alerting=alerting)
        async with AsyncExitStack() as stack:
            for service in (MONITOR, COORDINATOR, ROLLBACK, *extra):
                await stack.enter_async_context(running(service, redis_url, plan_file=str(plan)))
            assert (await deploy(redis, "d1", "1.0.0")).type == "deployment-succeeded"
            fleet_plan(plan, world, bake="60s", alerting=alerting, **policy)
            assert (await deploy(redis, "d2", "2.0.0")).type == "bake-started"
            yield world
