"""A diamond of services deployed by a real script, for the coordinator's end-to-end tests."""

import sys
from pathlib import Path
from typing import Any, TypeVar, cast, overload

import yaml
from redis.asyncio import Redis

from shared.bus.codec import entry_data
from shared.events import (
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRejected,
    DeploymentSucceeded,
    Event,
    parse_event,
)
from shared.streams import Keys
from tests.support.inprocess import eventually

SCRIPT = str(Path(__file__).with_name("deploy_script.py"))
EventT = TypeVar("EventT", bound=Event)
Ended = DeploymentSucceeded | DeploymentFailed | DeploymentRejected | DeploymentCancelled
ENDED = ("deployment-succeeded", "deployment-failed", "deployment-rejected", "deployment-cancelled")


def diamond_plan(urls: dict[str, str], environments: tuple[str, ...] = ("staging",), **service_settings: Any) -> str:
    deploy = [sys.executable, SCRIPT, "{service}", "{version}"]

    def backend(service: str, *deps: str) -> dict[str, Any]:
        return {"depends_on": list(deps), "deploy": deploy, "health": {"ready": urls[service]}, **service_settings}

    return yaml.safe_dump(
        {
            "version": 1,
            "defaults": {
                "health": {"gate_timeout": "20s", "interval": "100ms", "passes_to_ready": 2},
                "rollback_policy": {"bake_time": "0s"},
                "timeouts": {"deploy": "30s"},
            },
            "environments": {**{name: {} for name in environments}, "production": {"approval_required": True}},
            "services": {
                "migrate": {"kind": "job", "deploy": deploy, **service_settings},
                "api": backend("api", "migrate"),
                "worker": backend("worker", "migrate"),
                "web": backend("web", "api", "worker"),
            },
        }
    )


async def events(redis: Redis, deployment_id: str | None = None) -> list[Event]:
    found = []
    rows = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(Keys().events))  # bytes: no decoding
    for _, fields in rows:
        data = entry_data(fields)
        if data is None:
            continue
        event = parse_event(data)
        if deployment_id is None or event.deployment_id == deployment_id:
            found.append(event)
    return found


@overload
async def wait_for(redis: Redis, deployment_id: str, kind: type[EventT], /, *, within: float = 30) -> EventT: ...
@overload
async def wait_for(redis: Redis, deployment_id: str, *types: str, within: float = 30) -> Event: ...
async def wait_for(redis: Redis, deployment_id: str, *types: str | type[Event], within: float = 30) -> Event:
    """The first event of one of `types` (wire names, or one event class) for the deployment, once it is on the
    stream."""
    found: list[Event] = []

    def wanted(event: Event) -> bool:
        return any(event.type == t if isinstance(t, str) else isinstance(event, t) for t in types)

    async def arrived() -> bool:
        found[:] = [e for e in await events(redis, deployment_id) if wanted(e)]
        return bool(found)

    await eventually(arrived, within=within)
    return found[0]


async def ended(redis: Redis, deployment_id: str, within: float = 30) -> Ended:
    """The deployment's end (succeeded, failed, rejected or cancelled), typed so `.type ==` narrows it."""
    end = await wait_for(redis, deployment_id, *ENDED, within=within)
    assert isinstance(end, Ended), end
    return end


def records(path: Path) -> list[tuple[str, str, str, float]]:
    """(start|end, service, version, time) lines the deploy script wrote."""
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        what, service, version, at, _pid = line.split()
        rows.append((what, service, version, float(at)))
    return rows
