"""What the monitor follows of a deployment's life: what it changes (to query its figures and audit its frontends),
its bake window (watched closely while it lasts) and its end (the window closes, the timeline says so)."""

import json
import time

from redis.asyncio import Redis

from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
)
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys

from .audits import Audits
from .external import External
from .timeline import milestone, milestones
from .windows import Windows

DAY_S = 86400
Ended = DeploymentSucceeded | DeploymentFailed | DeploymentCancelled | DeploymentRolledBack


class Deployments:
    def __init__(self, redis: "Redis", keys: Keys, windows: Windows, external: External, audits: Audits) -> None:
        self.redis, self.keys, self.windows, self.external, self.audits = redis, keys, windows, external, audits

    def handlers(self) -> Handlers:
        return (
            Handlers()
            .on(DeploymentStarted, self.started)
            .on(BakeStarted, self.baking)
            .on_any([DeploymentSucceeded, DeploymentFailed, DeploymentCancelled], self.ended)
            .on(DeploymentRolledBack, self.rolled_back)
        )

    def versions_key(self, deployment_id: str) -> str:
        """What a deployment changes, service -> version, kept a week."""
        return MonitorKeys.of(self.keys).deployment(deployment_id)

    async def versions(self, deployment_id: str) -> dict[str, str]:
        raw = await self.redis.get(self.versions_key(deployment_id))
        return dict(json.loads(raw)) if raw else {}

    async def started(self, event: DeploymentStarted) -> None:
        """Remembers what a deployment changes: to watch it closely while it bakes, and query its figures."""
        versions = event.payload.versions
        await self.redis.set(self.versions_key(event.deployment_id), json.dumps(versions), ex=7 * DAY_S)
        if versions:
            await self.external.running(event.environment, versions)

    async def rolled_back(self, event: DeploymentRolledBack) -> None:
        if event.payload.services:
            await self.external.running(event.environment, event.payload.services)
        await self.ended(event)

    async def baking(self, event: BakeStarted) -> None:
        """Watched closely from now until the deployment ends: probed faster, and health.detailed too."""
        await milestone(
            self.redis,
            self.keys,
            event.deployment_id,
            "bake-started",
            detail=f"{event.payload.duration_s:g}s, until {event.payload.until.isoformat()}",
        )
        await self.windows.open(
            event.environment,
            event.deployment_id,
            list(await self.versions(event.deployment_id)),
            event.payload.until.timestamp(),
            time.time(),
        )

    async def ended(self, event: Ended) -> None:
        await self.windows.close(event.environment, event.deployment_id)
        timeline = await milestones(self.redis, self.keys, event.deployment_id)
        baked = any(m["milestone"] == "bake-started" for m in timeline)
        if baked and not isinstance(event, DeploymentRolledBack):  # a rollback follows a failure, which ended the bake
            await milestone(self.redis, self.keys, event.deployment_id, "bake-ended", detail=event.type)
        if isinstance(event, DeploymentSucceeded):
            versions = await self.versions(event.deployment_id)
            await self.audits.deployed(event.environment, event.deployment_id, versions)
