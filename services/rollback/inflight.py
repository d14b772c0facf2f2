"""Which deployment is in flight in each environment, as the rollback service sees it from the events: what it
changes (new and previous versions), and whether it bakes. Policy, restarts and drift all ask this."""

from datetime import datetime

from pydantic import BaseModel, Field
from redis.asyncio import Redis

from shared.bus.handlers import Handlers
from shared.events import (
    BakeStarted,
    DeploymentCancelled,
    DeploymentFailed,
    DeploymentRolledBack,
    DeploymentStarted,
    DeploymentSucceeded,
    HealthGatePassed,
    RollbackFailed,
    RollbackStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
)
from shared.keys.rollback import RollbackKeys
from shared.streams import Keys

Ending = DeploymentSucceeded | DeploymentFailed | DeploymentCancelled | DeploymentRolledBack | RollbackFailed
StepSeen = ServiceDeployStarted | ServiceDeploySucceeded | HealthGatePassed
Tracked = DeploymentStarted | StepSeen | BakeStarted | RollbackStarted | Ending
ENDINGS: tuple[type[Ending], ...] = (
    DeploymentSucceeded,
    DeploymentFailed,
    DeploymentCancelled,
    DeploymentRolledBack,
    RollbackFailed,
)
TRACKED: tuple[type[Tracked], ...] = (
    DeploymentStarted,
    ServiceDeployStarted,
    ServiceDeploySucceeded,
    HealthGatePassed,
    BakeStarted,
    RollbackStarted,
    *ENDINGS,
)


class Watch(BaseModel):
    deployment_id: str
    environment: str
    versions: dict[str, str] = Field(default_factory=dict)
    previous: dict[str, str | None] = Field(default_factory=dict, description="service -> version before it")
    waves: list[list[str]] = Field(default_factory=list)
    started_at: datetime
    blue_green: set[str] = Field(default_factory=set, description="live once switched, not once deployed")
    deployed: dict[str, datetime] = Field(default_factory=dict, description="when each new version went live")
    gated: set[str] = Field(default_factory=set, description="whose health gate passed")
    baking_since: datetime | None = None
    ended: str | None = Field(None, description="the event that ended it; kept a while for late signals")
    rolling_back: bool = Field(
        False,
        description="its rollback runs: from rollback-started (after the failure that "
        "ended it) to deployment-rolled-back or rollback-failed",
    )


class InFlight:
    def __init__(self, redis: "Redis", keys: Keys) -> None:
        self.redis = redis
        self.key = RollbackKeys.of(keys).inflight

    async def get(self, environment: str) -> Watch | None:
        raw = await self.redis.hget(self.key, environment)
        return Watch.model_validate_json(raw) if raw else None

    async def active(self, environment: str) -> Watch | None:
        """The deployment running, verifying or baking in the environment now (None between deployments)."""
        watch = await self.get(environment)
        return watch if watch is not None and watch.ended is None else None

    async def busy(self, environment: str) -> Watch | None:
        """`active`, or ended in a failure whose rollback still runs: either way versions are changing on purpose."""
        watch = await self.get(environment)
        return watch if watch is not None and (watch.ended is None or watch.rolling_back) else None

    async def all(self) -> list[Watch]:
        raw = await self.redis.hgetall(self.key)
        return [Watch.model_validate_json(value) for value in raw.values()]

    def handlers(self) -> Handlers:
        return Handlers().on_any(TRACKED, self.observed)

    async def observed(self, event: Tracked) -> None:
        await self.observe(event)

    async def observe(self, event: Tracked) -> Watch | None:
        """Folds one event in; the watch after it. Events of a deployment other than the one tracked are ignored,
        except deployment-started, which replaces it."""
        watch = await self.get(event.environment)
        if isinstance(event, DeploymentStarted):
            watch = Watch(
                deployment_id=event.deployment_id,
                environment=event.environment,
                versions=dict(event.payload.versions),
                waves=[list(w) for w in event.payload.waves],
                started_at=event.occurred_at,
            )
        elif watch is None or watch.deployment_id != event.deployment_id:
            return None
        else:
            fold(watch, event)
        await self.redis.hset(self.key, event.environment, watch.model_dump_json())
        return watch


def fold(watch: Watch, event: Tracked) -> None:
    """One event of the deployment tracked, into its watch."""
    match event:
        case ServiceDeployStarted() if event.payload.step == "deploy":
            watch.previous.setdefault(event.service, event.payload.previous_version)
            if event.payload.color:
                watch.blue_green.add(event.service)
        case ServiceDeploySucceeded() if event.payload.step == (
            "switch" if event.service in watch.blue_green else "deploy"
        ):
            watch.deployed[event.service] = event.occurred_at
        case HealthGatePassed():
            watch.gated.add(event.service)
        case BakeStarted():
            watch.baking_since = event.occurred_at
        case RollbackStarted():
            watch.rolling_back = True
        case (
            DeploymentSucceeded()
            | DeploymentFailed()
            | DeploymentCancelled()
            | DeploymentRolledBack()
            | RollbackFailed()
        ):
            watch.ended = event.type
            watch.rolling_back = watch.rolling_back and not isinstance(event, DeploymentRolledBack | RollbackFailed)
