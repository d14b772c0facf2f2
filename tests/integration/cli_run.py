"""Running `flightdeck ARGV` in the test's process, for its exit code (main always ends in SystemExit)."""

import asyncio

from cli.main import main


def exit_code(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0


async def in_thread(*argv: str) -> int:
    """From an async test: the command runs its own event loop (asyncio.run), so it runs in a thread."""
    return await asyncio.to_thread(exit_code, list(argv))
