"""What the services keep, read over Redis for the Redis transport (read only: the CLI changes things by
publishing events): the coordinator's snapshots, the rollback service's findings, the alerter's alerts. The
reading is shared/reads' (the dashboard's API reads the same way); the decoding is cli/kept.py's."""

from typing import Any

from redis.asyncio import Redis

from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.reads import alerter, snapshots
from shared.streams import Keys

from . import kept
from .records import AlertBoard


async def deployment(redis: Redis, own: CoordinatorKeys, deployment_id: str) -> Deployment | None:
    raw = await snapshots.deployment(redis, own, deployment_id)
    return kept.snapshot(Deployment, raw, f"deployment {deployment_id}")


async def environment(redis: Redis, own: CoordinatorKeys, name: str) -> EnvironmentState | None:
    raw = await snapshots.environment(redis, own, name)
    return kept.snapshot(EnvironmentState, raw, f"environment {name}")


async def history(redis: Redis, own: CoordinatorKeys, environment: str, limit: int) -> list[Deployment]:
    """The environment's deployments, newest first."""
    found = [
        kept.snapshot(Deployment, raw, f"deployment {deployment_id}")
        for deployment_id, raw in await snapshots.history(redis, own, environment, limit)
    ]
    return [d for d in found if d is not None]


async def attention(redis: Redis, keys: Keys, environment: str) -> dict[str, Any]:
    """Drifted services and open incidents in the environment."""
    return await snapshots.attention(redis, keys, environment)


async def alert_board(redis: Redis, own: AlerterKeys) -> AlertBoard:
    return kept.board(await alerter.alert_board(redis, own))


async def silences(redis: Redis, own: AlerterKeys) -> dict[str, bytes | str]:
    return dict(await alerter.silences(redis, own))
