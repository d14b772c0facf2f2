"""Services run inside the test's event loop: real Redis, the real runtime and reader, handlers chosen by the test."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

from shared.bus.handlers import Handlers
from shared.events import EVENT_CLASSES, Event
from shared.runtime import ServiceContext, ServiceDefinition
from shared.runtime.service import ServiceRuntime
from shared.settings import Settings

TEST_DEFAULTS: dict[str, Any] = {"reclaim_idle": 0.5, "maintenance_interval": 3600, "max_attempts": 3}


def definition(
    name: str,
    make: Callable[[ServiceContext], Handlers],
    consumes: tuple[type[Event], ...] = (),
) -> ServiceDefinition:
    return ServiceDefinition(
        name=name,
        description=f"test service {name}",
        consumes=consumes or tuple(EVENT_CLASSES.values()),
        produces=(),
        handlers=make,
        default_port=0,
    )


def part_of(
    real: ServiceDefinition,
    make: Callable[[ServiceContext], Handlers],
    consumes: tuple[type[Event], ...] = (),
) -> ServiceDefinition:
    """A test service running some of `real`'s parts: the handlers `make` builds, delivered as `real` is (its group
    name, and its order: the rollback service runs one environment's events in stream order, which its policy needs
    to see a health event after the deployment events published before it)."""
    return replace(definition(real.name, make, consumes), order_by_environment=real.order_by_environment)


def recording(into: list[Event], fail: Callable[[Event], bool] = lambda _: False) -> Callable[..., Any]:
    """Handlers for every type that append the event, raising first where `fail` says so."""

    def make(context: ServiceContext) -> Handlers:
        async def handle(event: Event) -> None:
            if fail(event):
                raise RuntimeError(f"refusing {event.type} on purpose")
            into.append(event)

        return Handlers().on_any(EVENT_CLASSES.values(), handle)

    return make


@contextlib.asynccontextmanager
async def running(service: ServiceDefinition, redis_url: str, **overrides: Any) -> AsyncIterator[ServiceRuntime]:
    runtime = ServiceRuntime(service, Settings(redis_url=redis_url, **{**TEST_DEFAULTS, **overrides}))
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def eventually(check: Callable[[], Awaitable[object]] | Callable[[], object], within: float = 15) -> None:
    """Waits until `check` gives something true (True, a non-empty list, ...); fails with a clear message when it
    never does."""
    deadline = time.monotonic() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"condition still false after {within}s: {getattr(check, '__name__', check)}")
        await asyncio.sleep(0.02)
