"""What a service is, declared once: its name, what it consumes and produces, and how to build its handlers."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from redis.asyncio import Redis
from starlette.routing import BaseRoute

from shared.bus.handlers import Handlers
from shared.bus.idempotency import Idempotency
from shared.bus.publisher import EventPublisher
from shared.events import Event
from shared.plan.cache import PlanCache
from shared.settings import Settings
from shared.streams import Keys

from .readiness import Check


@dataclass(frozen=True)
class ServiceContext:
    """What a handler may use: the service's Redis (for its own state), a publisher, idempotency, the plan."""

    name: str
    settings: Settings
    keys: Keys
    redis: "Redis"
    publisher: EventPublisher
    idempotency: Idempotency
    plans: PlanCache
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)  # long-running work to start
    closing: list[Callable[[], Awaitable[None]]] = field(default_factory=list)  # cleanups, run at stop
    routes: list[BaseRoute] = field(default_factory=list)  # HTTP routes served beside /health and /metrics
    checks: list[Check] = field(default_factory=list)  # readiness of the service's own parts, beside Redis's


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    description: str
    consumes: tuple[type[Event], ...]
    produces: tuple[type[Event], ...]
    handlers: Callable[[ServiceContext], Handlers]
    default_port: int
    order_by_environment: bool = False  # one environment's events in stream order, not only one deployment's

    def wire_types(self, events: tuple[type[Event], ...]) -> set[str]:
        return {cls.model_fields["type"].default for cls in events}

    def table(self, context: ServiceContext) -> Handlers:
        """The service's handlers, checked: one for a class the service does not declare is a wiring mistake,
        caught at start."""
        handlers = self.handlers(context)
        undeclared = handlers.types - set(self.consumes)
        if undeclared:
            names = sorted(cls.model_fields["type"].default for cls in undeclared)
            raise ValueError(f"{self.name} has handlers for undeclared event types: {names}")
        return handlers
