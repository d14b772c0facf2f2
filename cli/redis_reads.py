"""What the services keep, read over Redis for the Redis transport (read only: the CLI changes things by
publishing events): the coordinator's snapshots, the rollback service's findings, the alerter's alerts."""

import json
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError
from redis.asyncio import Redis

from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.events.catalog import describe
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.keys.rollback import RollbackKeys
from shared.streams import Keys
from shared.text import text

from .records import AlertBoard, load_record
from .transport import TransportError

Snapshot = TypeVar("Snapshot", bound=BaseModel)


def _snapshot(model: type[Snapshot], raw: bytes | str | None, what: str) -> Snapshot | None:
    """The coordinator's JSON as its model; one this CLI cannot read (another version's) says so, in a line."""
    if not raw:
        return None
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        raise TransportError(
            f"the coordinator's snapshot of {what} does not read as this CLI's ({describe(error)}): "
            "use the CLI of the coordinator's version"
        ) from None


async def deployment(redis: Redis, own: CoordinatorKeys, deployment_id: str) -> Deployment | None:
    raw = await redis.get(own.deployment(deployment_id))
    return _snapshot(Deployment, raw, f"deployment {deployment_id}")


async def environment(redis: Redis, own: CoordinatorKeys, name: str) -> EnvironmentState | None:
    raw = await redis.get(own.environment(name))
    return _snapshot(EnvironmentState, raw, f"environment {name}")


async def history(redis: Redis, own: CoordinatorKeys, environment: str, limit: int) -> list[Deployment]:
    """The environment's deployments, newest first."""
    ids = cast(list[bytes], await redis.zrevrange(own.history(environment), 0, limit - 1))
    found = [await deployment(redis, own, text(i)) for i in ids]
    return [d for d in found if d is not None]


async def attention(redis: Redis, keys: Keys, environment: str) -> dict[str, Any]:
    """Drifted services and open incidents in the environment."""
    own = RollbackKeys.of(keys)
    drift = await redis.hgetall(own.drift_reported(environment))
    ids = cast(list[bytes], await redis.zrevrange(own.incidents, 0, 199))
    incidents = []
    for incident_id in ids:
        raw = await redis.get(own.incident(text(incident_id)))
        record = json.loads(raw) if raw else {}
        if record.get("environment") == environment and record.get("status") == "open":
            incidents.append(record)
    return {"drift": {text(k): json.loads(v) for k, v in drift.items()}, "incidents": incidents}


async def alert_board(redis: Redis, own: AlerterKeys) -> AlertBoard:
    alerts = await redis.hgetall(own.alerts)
    acks = await redis.hgetall(own.acks)
    return AlertBoard(
        alerts={text(k): load_record(v) for k, v in alerts.items()},
        acks={text(k): load_record(v) for k, v in acks.items()},
    )


async def silences(redis: Redis, own: AlerterKeys) -> dict[str, bytes | str]:
    stored = await redis.hgetall(own.silences)
    return {text(k): v for k, v in stored.items()}
