"""A service's dispatch table: event class -> the handlers for it, each typed with the class it receives.

`on(HealthDegraded, self.degraded)` type-checks that `degraded` takes a `HealthDegraded`, so a handler reads
`event.payload.root_cause` without narrowing. Several components of one service may handle one class: they run in
the order they were added, each idempotent on its own.
"""

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from shared.events import Event
from shared.events.catalog import EVENT_CLASSES

E = TypeVar("E", bound=Event)
Handler = Callable[[E], Awaitable[None]]
_Run = Callable[[Any], Awaitable[None]]  # stored erased; `on` checked the pairing of class and handler


class Handlers:
    def __init__(self) -> None:
        self._chains: dict[type[Event], list[_Run]] = {}

    def on(self, event_type: type[E], handler: Handler[E]) -> "Handlers":
        """Adds `handler` for `event_type`, after any added before it."""
        self._chains.setdefault(event_type, []).append(handler)
        return self

    def on_any(self, event_types: Iterable[type[E]], handler: Handler[E]) -> "Handlers":
        """One handler for several classes: it takes their common base (or their union) and tells them apart with
        `match`. For a union, annotate the list (`kinds: list[type[A | B]] = [A, B]`): mypy widens a bare
        `[A, B]` to their base class."""
        for event_type in event_types:
            self.on(event_type, handler)
        return self

    def include(self, *others: "Handlers") -> "Handlers":
        """Adds every handler of `others`, in their order, after this table's own."""
        for other in others:
            for event_type, chain in other._chains.items():
                self._chains.setdefault(event_type, []).extend(chain)
        return self

    @property
    def types(self) -> frozenset[type[Event]]:
        return frozenset(self._chains)

    def handles(self, event: Event) -> bool:
        return type(event) in self._chains

    def ignores(self, type_name: str) -> bool:
        """Whether an event of this wire type (a known one) has no handler here: its entry needs no parsing."""
        known = EVENT_CLASSES.get(type_name)
        return known is not None and known not in self._chains

    async def handle(self, event: Event) -> None:
        """Runs the handlers of the event's class in turn; the first that raises stops the chain (the entry is
        then retried whole, so the ones before it must be, and are, idempotent)."""
        for run in self._chains.get(type(event), ()):
            await run(event)
