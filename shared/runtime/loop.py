"""The event loop a service runs on: uvloop where it is installed (Linux and macOS), asyncio's own elsewhere.

uvloop's loop is libuv's, in C: the same services spend markedly less CPU per event on it (the alerter's figures
are in README's performance section). Nothing of ours depends on which loop runs."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # Windows: uvloop does not build there
        return None
    return uvloop.new_event_loop


def run(main: Coroutine[Any, Any, T]) -> T:
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
