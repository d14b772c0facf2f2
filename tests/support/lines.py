"""A line callback for run_command that keeps what it was given, and says when a line `ready` arrived."""

import asyncio


class Lines:
    def __init__(self, ready: asyncio.Event | None = None) -> None:
        self.seen: list[tuple[str, str]] = []
        self.ready = ready

    async def __call__(self, stream: str, line: str) -> None:
        self.seen.append((stream, line))
        if self.ready is not None and line == "ready":
            self.ready.set()

    def of(self, stream: str) -> list[str]:
        return [line for name, line in self.seen if name == stream]
