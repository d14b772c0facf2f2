"""What the alerts and silence commands share: one event, validated before anything connects, published after a
look at what the alerter keeps; and a `list` verb. They never write the alerter's keys: the alerter applies
the event."""

import argparse
import sys
from collections.abc import Awaitable, Callable
from typing import TypeAlias

from pydantic import ValidationError

from shared.events import Event
from shared.events.catalog import describe

from .transport import Transport, run

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Stored = Callable[[Transport], Awaitable[bool]]  # whether the alerter keeps what the command is about


def fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def send(
    command: str,
    make: Callable[[], Event],
    said: str,
    warn_unless: tuple[Stored, str] | None = None,
    refuse_unless: tuple[Stored, str] | None = None,
) -> int:
    """Validates the event before connecting, then publishes it. `warn_unless` is (stored, note): the note is
    printed when the alerter keeps no such thing (published anyway: the alerter may lag); `refuse_unless` is the
    same, but nothing is published and the command fails."""
    try:
        event = make()
    except ValidationError as error:
        return fail(f"not published: {describe(error)}")

    async def work(t: Transport) -> int:
        if refuse_unless and not await refuse_unless[0](t):
            return fail(f"flightdeck {command}: {refuse_unless[1]}", 1)
        if warn_unless and not await warn_unless[0](t):
            print(f"note: {warn_unless[1]}", file=sys.stderr)
        await t.publish(event)
        print(said)
        return 0

    return run(command, work)


def add_listing(verbs: Verbs, about: str, func: Callable[[argparse.Namespace], int]) -> None:
    listing = verbs.add_parser("list", help=about)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=func)
