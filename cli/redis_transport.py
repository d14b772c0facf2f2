"""The CLI's way to Flightdeck over Redis: publishing events, following a deployment, and reading (never writing)
what the services keep (the coordinator's snapshots, the rollback service's findings, consumer groups)."""

from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from services.coordinator.domain.model import Deployment, EnvironmentState
from shared.bus.codec import entry_data
from shared.bus.publisher import EventPublisher
from shared.events import Event, EventError, parse_event
from shared.keys.alerter import AlerterKeys
from shared.keys.coordinator import CoordinatorKeys
from shared.plan.errors import PlanError
from shared.plan.model import is_production
from shared.plan.sources import FilePlanSource, StoredPlan
from shared.plan.store import PlanStore
from shared.settings import Settings
from shared.streams import Keys
from shared.text import text, texts

from . import redis_deadletters
from . import redis_reads as reads
from .listening import Readers
from .records import AlertBoard, DeadLetters, Replayed
from .transport import explain


class RedisTransport:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.keys = Keys(settings.stream_prefix)
        self.alerter = AlerterKeys.of(self.keys)
        self.coordinator = CoordinatorKeys.of(self.keys)
        self.redis = Redis.from_url(settings.redis_url)

    async def publish(self, event: Event) -> str:
        return str(await self._call(EventPublisher(self.redis, self.keys, producer="cli").publish(event)))

    async def follow(self, deployment_id: str, since: str = "0-0", block_ms: int = 1000) -> AsyncIterator[Event | None]:
        last = since
        while True:
            found = await self._call(self.redis.xread({self.keys.events: last}, count=500, block=block_ms))
            matched = False
            for _, entries in found or []:
                for entry_id, fields in entries:
                    last = text(entry_id)
                    event = _event(fields)
                    if event is not None and event.deployment_id == deployment_id:
                        matched = True
                        yield event
            if not matched:  # nothing of ours in this read (quiet or busy stream): the caller checks its clock
                yield None

    async def deployment(self, deployment_id: str) -> Deployment | None:
        """The coordinator's snapshot of the deployment."""
        found: Deployment | None = await self._call(reads.deployment(self.redis, self.coordinator, deployment_id))
        return found

    async def environment(self, name: str) -> EnvironmentState | None:
        """The coordinator's state of the environment."""
        found: EnvironmentState | None = await self._call(reads.environment(self.redis, self.coordinator, name))
        return found

    async def history(self, environment: str, limit: int) -> list[Deployment]:
        """The environment's deployments, newest first (the coordinator's snapshots)."""
        found: list[Deployment] = await self._call(reads.history(self.redis, self.coordinator, environment, limit))
        return found

    async def environments(self) -> list[str] | None:
        """The plan's environments, read where the services read the plan (FLIGHTDECK_PLAN_FILE in development,
        else the current revision in Redis); None when no plan has been applied. PlanError when it does not load."""
        stored = await self._plan()
        return sorted(stored.plan.environments) if stored is not None else None

    async def production(self, environment: str) -> bool:
        try:
            stored = await self._plan()
        except PlanError:
            stored = None
        return is_production(environment, stored.plan.environments.get(environment) if stored else None)

    async def _plan(self) -> StoredPlan | None:
        source = (
            FilePlanSource(self.settings.plan_file)
            if self.settings.plan_file
            else PlanStore(self.redis, self.keys.prefix)
        )
        stored: StoredPlan | None = await self._call(source.current())
        return stored

    async def log(self, deployment_id: str, since: str, block_ms: int | None) -> list[tuple[str, dict[str, str]]]:
        """Lines of the deployment's commands after `since` ("0-0": from the start), waiting up to block_ms."""
        key = self.keys.deployment_log(deployment_id)
        found = await self._call(self.redis.xread({key: since}, count=1000, block=block_ms))
        return [(text(i), texts(f)) for _, entries in found or [] for i, f in entries]

    async def attention(self, environment: str) -> dict[str, Any]:
        """What the rollback service found in the environment: drifted services and open incidents."""
        found: dict[str, Any] = await self._call(reads.attention(self.redis, self.keys, environment))
        return found

    async def readers(self, service: str) -> Readers:
        async def ask() -> Readers:
            try:
                groups = await self.redis.xinfo_groups(self.keys.events)
                group = next((g for g in groups if text(g["name"]) == service), None)
                if group is None:
                    return Readers(exists=False)
                consumers = await self.redis.xinfo_consumers(self.keys.events, service)
            except ResponseError:  # no stream yet
                return Readers(exists=False)
            return Readers(True, text(group["last-delivered-id"]), tuple(int(c["idle"]) / 1000 for c in consumers))

        readers: Readers = await self._call(ask())
        return readers

    async def alerts(self) -> AlertBoard:
        board: AlertBoard = await self._call(reads.alert_board(self.redis, self.alerter))
        return board

    async def alert_active(self, fingerprint: str) -> bool:
        return bool(await self._call(self.redis.hexists(self.alerter.alerts, fingerprint)))

    async def silences(self) -> dict[str, bytes | str]:
        stored: dict[str, bytes | str] = await self._call(reads.silences(self.redis, self.alerter))
        return stored

    async def silence_stored(self, silence_id: str) -> bool:
        return bool(await self._call(self.redis.hexists(self.alerter.silences, silence_id)))

    async def apply_plan(self, plan_text: str, source: str) -> int:
        return int(await self._call(PlanStore(self.redis, self.keys.prefix).apply(plan_text, source)))

    async def dead_letters(self, count: int) -> DeadLetters:
        letters = await self._call(redis_deadletters.read(self.redis, self.keys, count))
        return DeadLetters(self.keys.dead_letters, letters)

    async def replay(self, entry_id: str) -> Replayed | None:
        replayed: Replayed | None = await self._call(redis_deadletters.replay(self.redis, self.keys, entry_id))
        return replayed

    async def _call(self, pending: Any) -> Any:
        try:
            return await pending
        except (RedisError, OSError) as error:
            raise explain(error, self.settings) from None

    async def close(self) -> None:
        await self.redis.aclose()


def _event(fields: dict[bytes, bytes]) -> Event | None:
    """The entry's event; None for an entry that is none (another producer's, a newer version's): skipped, as the
    services dead-letter it."""
    data = entry_data(fields)
    if data is None:
        return None
    try:
        return parse_event(data)
    except EventError:
        return None
