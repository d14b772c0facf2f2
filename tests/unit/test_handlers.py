"""The typed dispatch table: handlers by event class, run in the order added, checked against what a service
declares."""

import pytest

from shared.bus.handlers import Handlers
from shared.events import DeployRequested, Event, HealthDegraded, HealthRecovered
from shared.runtime import ServiceContext, ServiceDefinition
from tests.support.samples import sample


async def test_handlers_of_a_class_run_in_the_order_added_across_included_tables() -> None:
    ran: list[str] = []

    async def first(event: HealthDegraded) -> None:
        ran.append(f"first {event.payload.root_cause}")

    async def second(event: HealthDegraded) -> None:
        ran.append("second")

    async def either(event: HealthDegraded | HealthRecovered) -> None:
        ran.append(type(event).__name__)

    kinds: list[type[HealthDegraded | HealthRecovered]] = [HealthDegraded, HealthRecovered]
    table = Handlers().on(HealthDegraded, first).include(Handlers().on(HealthDegraded, second).on_any(kinds, either))
    degraded = sample(HealthDegraded)
    await table.handle(degraded)
    assert ran == [f"first {degraded.payload.root_cause}", "second", "HealthDegraded"]
    assert table.types == {HealthDegraded, HealthRecovered}
    assert table.handles(sample(HealthRecovered)) and not table.handles(sample(DeployRequested))


async def test_the_first_handler_that_raises_stops_the_chain() -> None:
    ran: list[str] = []

    async def fails(event: Event) -> None:
        raise RuntimeError("boom")

    async def after(event: Event) -> None:
        ran.append("after")

    table = Handlers().on(DeployRequested, fails).on(DeployRequested, after)
    with pytest.raises(RuntimeError, match="boom"):
        await table.handle(sample(DeployRequested))
    assert ran == []  # the entry is retried whole, so nothing after the failure ran twice


def test_a_handler_for_a_class_the_service_does_not_declare_is_caught_at_start() -> None:
    async def handle(event: HealthDegraded) -> None: ...

    definition = ServiceDefinition(
        name="svc",
        description="a test service",
        consumes=(DeployRequested,),
        produces=(),
        handlers=lambda _context: Handlers().on(HealthDegraded, handle),
        default_port=0,
    )
    context = ServiceContext.__new__(ServiceContext)  # the table is built from the context; this one uses none of it
    with pytest.raises(ValueError, match=r"svc has handlers for undeclared event types: \['health-degraded'\]"):
        definition.table(context)


def test_a_known_type_without_a_handler_is_ignored_unread_and_an_unknown_one_is_not() -> None:
    async def degraded(event: HealthDegraded) -> None: ...

    table = Handlers().on(HealthDegraded, degraded)
    assert table.ignores("deploy-requested") and not table.ignores("health-degraded")
    assert not table.ignores("no-such-type")  # read and dead-lettered, naming the known types
