"""One running service: its Redis client, the reader that feeds its dispatcher, and its upkeep, started and stopped
together. Its FastStream broker is never started: it only makes the AsyncAPI document (shared/bus/subscription.py)."""

import asyncio
import logging
from typing import Any

from faststream.redis import RedisBroker
from redis.asyncio import BlockingConnectionPool, Redis

from shared.bus.dispatch import Dispatcher
from shared.bus.idempotency import Idempotency
from shared.bus.items import by_environment
from shared.bus.maintenance import run_maintenance
from shared.bus.publisher import EventPublisher
from shared.bus.reader import GroupReader
from shared.bus.subscription import ensure_group
from shared.plan.cache import PlanCache
from shared.plan.sources import FilePlanSource
from shared.plan.store import PlanStore
from shared.settings import Settings
from shared.streams import Keys
from shared.tasks import cancel_all

from .definition import ServiceContext, ServiceDefinition
from .keep import keep_running
from .outage import Outage
from .readiness import run_checks
from .wiring import asyncapi_document, declare

log = logging.getLogger("flightdeck.runtime")
VERSION = "0.1.0"
REDIS_CONNECTIONS = 200


class ServiceRuntime:
    def __init__(self, definition: ServiceDefinition, settings: Settings) -> None:
        self.definition, self.settings = definition, settings
        self.keys = Keys(settings.stream_prefix)
        self.consumer = settings.consumer_for(definition.name)
        # A pool that waits for a free connection rather than raising when a burst of work wants more than it has.
        self.redis: Redis = Redis.from_pool(
            BlockingConnectionPool.from_url(  # from_pool: closed with the client
                settings.redis_url, max_connections=REDIS_CONNECTIONS, timeout=30
            )
        )
        # The AsyncAPI document's broker, never started; no FastDepends, which it needs only to call handlers.
        self.broker = RedisBroker(settings.redis_url, logger=logging.getLogger("flightdeck.broker"), apply_types=False)
        self.context = ServiceContext(
            name=definition.name,
            settings=settings,
            keys=self.keys,
            redis=self.redis,
            publisher=EventPublisher(self.redis, self.keys, producer=definition.name),
            idempotency=Idempotency(self.redis, self.keys, definition.name, settings.idempotency_ttl),
            plans=PlanCache(
                FilePlanSource(settings.plan_file) if settings.plan_file else PlanStore(self.redis, self.keys.prefix)
            ),
        )
        handlers = definition.table(self.context)
        self.dispatcher = Dispatcher(
            self.redis,
            keys=self.keys,
            service=definition.name,
            consumer=self.consumer,
            handlers=handlers,
            max_attempts=settings.max_attempts,
            concurrency=settings.handler_concurrency,
            handler_timeout=settings.reclaim_idle,
            dead_letter_maxlen=settings.stream_maxlen,
            **({"order_key": by_environment} if definition.order_by_environment else {}),
        )
        self.reader = (
            GroupReader(
                self.redis,
                self.dispatcher,
                stream=self.keys.events,
                batch_size=settings.batch_size,
                reclaim_idle_s=settings.reclaim_idle,
            )
            if definition.consumes
            else None
        )
        declare(self.broker, definition, self.keys, settings)
        self.outage = Outage(settings.redis_url_masked)
        self._upkeep: asyncio.Task[None] | None = None
        self._work: list[asyncio.Task[None]] = []
        self.running = False

    async def start(self) -> None:
        log.info("connecting", extra={"redis": self.settings.redis_url_masked, "consumer": self.consumer})
        await ensure_group(self.redis, self.keys.events, self.definition.name)
        if self.reader is not None:
            await self.reader.start()
        self._upkeep = asyncio.create_task(
            run_maintenance(
                self.redis,
                stream=self.keys.events,
                group=self.definition.name,
                me=self.consumer,
                maxlen=self.settings.stream_maxlen,
                interval_s=self.settings.maintenance_interval,
                consumer_idle_s=max(3600.0, 10 * self.settings.reclaim_idle),
                lock_key=self.keys.maintenance_lock,
            )
        )
        self._work = [asyncio.create_task(keep_running(work, self.outage)) for work in self.context.background]
        self.running = True
        log.info("consuming", extra={"stream": self.keys.events, "group": self.definition.name})

    async def stop(self) -> None:
        """No new work first (the consumers), then the work in flight and the background work with everything it
        started, and only then the clients they use."""
        self.running = False
        if self.reader is not None:
            await self.reader.stop()  # its batches in flight with it: their entries stay pending
        await cancel_all(self.dispatcher.in_flight)
        await cancel_all([*self._work, *([self._upkeep] if self._upkeep else [])])
        for close in self.context.closing:
            await close()
        await self.redis.aclose()
        log.info("stopped")

    @property
    def subscribed(self) -> bool:
        """False once a reading loop stopped for good: one stops when its group is gone (NOGROUP)."""
        return self.reader is None or self.reader.running

    @property
    def background_alive(self) -> bool:
        return not any(task.done() for task in self._work)

    @property
    def consuming(self) -> bool:
        return self.running and self.subscribed and self.background_alive

    async def ping(self) -> bool:
        return await self._unanswered() is None

    async def _unanswered(self) -> Exception | None:
        """Whether Redis answers now (None) or what failed; changes are told once (see Outage). Back after an
        outage, the group is made again first if Redis lost it, before the next read would find it gone."""
        try:
            async with asyncio.timeout(2):
                await self.redis.ping()
                if self.outage.down and self.running:
                    await ensure_group(self.redis, self.keys.events, self.definition.name)
        except Exception as exc:
            self.outage.lost(exc, certain=True)
            return exc
        self.outage.back()
        return None

    async def resubscribe(self) -> None:
        """Redis came back without the group (restarted without its data, or flushed): the group is made again at
        the stream's start and the stopped loops start reading again, without restarting the process."""
        await ensure_group(self.redis, self.keys.events, self.definition.name)
        if self.reader is not None:
            await self.reader.start()
        log.warning(
            "the consumer group %s was gone (Redis lost its data?); made it again at the stream's start "
            "and resumed consuming",
            self.definition.name,
            extra={"stream": self.keys.events},
        )

    async def checks(self) -> dict[str, str]:
        """Ready only once the runtime knows Redis answers: its outage is told over before it says it is ready."""
        failed = await self._unanswered()
        redis = (
            "pass"
            if failed is None
            else f"cannot reach Redis at {self.settings.redis_url_masked}: {type(failed).__name__}"
        )
        own = {"redis": redis, "consumer": "pass" if self.consuming else "not consuming"}
        return {**await run_checks(self.context.checks), **own}  # the service's own never masks the runtime's

    def asyncapi(self) -> dict[str, Any]:
        return asyncapi_document(self.broker, self.definition, VERSION)
