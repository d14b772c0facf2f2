"""One running service: its Redis client, FastStream broker, dispatcher and upkeep, started and stopped together."""

import asyncio
import logging
from typing import Any

from faststream import FastStream
from faststream.redis import RedisBroker
from faststream.specification import AsyncAPI
from redis.asyncio import BlockingConnectionPool, Redis

from shared.bus.dispatch import Dispatcher
from shared.bus.idempotency import Idempotency
from shared.bus.items import by_environment
from shared.bus.maintenance import run_maintenance
from shared.bus.publisher import EventPublisher
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
from .wiring import declare

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
        # Not FastStream's own "faststream" logger, which prints plain text through a handler of its own: ours
        # propagates, so its lines are JSON like every other and a Redis outage is told once (see Outage). No
        # FastDepends: it cost half a millisecond per batch read (see shared/bus/subscription.py).
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
        declare(self.broker, self.dispatcher, definition, self.keys, settings)
        self.outage = Outage(settings.redis_url_masked)
        self._upkeep: asyncio.Task[None] | None = None
        self._work: list[asyncio.Task[None]] = []
        self.running = False

    async def start(self) -> None:
        log.info("connecting", extra={"redis": self.settings.redis_url_masked, "consumer": self.consumer})
        await ensure_group(self.redis, self.keys.events, self.definition.name)
        await self.broker.start()
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
        await self.broker.stop()
        await cancel_all(self.dispatcher.in_flight)  # FastStream cancels its consumers without waiting for them
        await cancel_all([*self._work, *([self._upkeep] if self._upkeep else [])])
        for close in self.context.closing:
            await close()
        await self.redis.aclose()
        log.info("stopped")

    @property
    def subscribed(self) -> bool:
        """False once a subscriber stopped for good: FastStream stops one whose group is gone (NOGROUP)."""
        return all(sub.running for sub in self.broker.subscribers)

    @property
    def background_alive(self) -> bool:
        return not any(task.done() for task in self._work)

    @property
    def consuming(self) -> bool:
        return self.running and self.subscribed and self.background_alive

    async def ping(self) -> bool:
        """Whether Redis answers now; changes are told once (see Outage). Back after an outage, the group is made
        again first if Redis lost it, before the consumers' next read would find it gone."""
        try:
            async with asyncio.timeout(2):
                await self.redis.ping()
                if self.outage.down and self.running:
                    await ensure_group(self.redis, self.keys.events, self.definition.name)
        except Exception as exc:
            self.outage.lost(exc, certain=True)
            return False
        self.outage.back()
        return True

    async def resubscribe(self) -> None:
        """Redis came back without the group (restarted without its data, or flushed): the group is made again at
        the stream's start and the stopped subscribers start reading again, without restarting the process."""
        await ensure_group(self.redis, self.keys.events, self.definition.name)
        for subscriber in self.broker.subscribers:
            if not subscriber.running:
                await subscriber.start()
        log.warning(
            "the consumer group %s was gone (Redis lost its data?); made it again at the stream's start "
            "and resumed consuming",
            self.definition.name,
            extra={"stream": self.keys.events},
        )

    async def checks(self) -> dict[str, str]:
        try:
            async with asyncio.timeout(2):
                await self.redis.ping()
            redis = "pass"
        except Exception as exc:
            redis = f"cannot reach Redis at {self.settings.redis_url_masked}: {type(exc).__name__}"
        own = {"redis": redis, "consumer": "pass" if self.consuming else "not consuming"}
        return {**await run_checks(self.context.checks), **own}  # the service's own never masks the runtime's

    def asyncapi(self) -> dict[str, Any]:
        app = FastStream(
            self.broker,
            specification=AsyncAPI(
                title=f"flightdeck-{self.definition.name}",
                version=VERSION,
                description=self.definition.description,
            ),
        )
        return app.schema.to_specification().to_jsonable()  # type: ignore[no-any-return]
