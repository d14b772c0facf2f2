"""Requests from many tasks handled together: the first that finds nothing in flight is handled at once, alone (no
wait is added at a low rate); those that come meanwhile wait and are handled together next, so under load one
round trip serves as many as arrived. Each caller gets its own result, or the error its batch raised."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

R = TypeVar("R")
T = TypeVar("T")
MOST_AT_ONCE = 64


class _Entry(Generic[R, T]):
    def __init__(self, request: R, loop: asyncio.AbstractEventLoop) -> None:
        self.request = request
        self.done: asyncio.Future[T] = loop.create_future()
        self.lead: asyncio.Future[None] = loop.create_future()  # set: handle the next batch, this one in it


class Batcher(Generic[R, T]):
    """One batch at a time. Its caller handles it and hands over to the first caller still waiting, who handles
    the next (so no caller serves others for longer than its own batch, and nothing runs in a task of its own)."""

    def __init__(self, handle: Callable[[list[R]], Awaitable[Sequence[T]]], most_at_once: int = MOST_AT_ONCE) -> None:
        """`handle` takes requests in arrival order and returns one result per request, in the same order."""
        self.handle, self.most_at_once = handle, most_at_once
        self._waiting: list[_Entry[R, T]] = []
        self._busy = False

    async def submit(self, request: R) -> T:
        entry: _Entry[R, T] = _Entry(request, asyncio.get_running_loop())
        self._waiting.append(entry)
        if self._busy:
            try:
                await asyncio.wait((entry.done, entry.lead), return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                self._leave(entry)
                raise
        if not entry.done.done():  # first to come, or handed the next batch: this one is in it
            self._busy = True
            await self._lead()
        return await entry.done

    async def _lead(self) -> None:
        batch, self._waiting = self._waiting[: self.most_at_once], self._waiting[self.most_at_once :]
        try:
            await self._run(batch)
        finally:  # even when cancelled: the next batch is never left without someone to handle it
            if self._waiting:
                self._waiting[0].lead.set_result(None)
            else:
                self._busy = False

    def _leave(self, entry: _Entry[R, T]) -> None:
        """A caller cancelled while it waited: its request is dropped, and the batch it was handed goes on."""
        if entry in self._waiting:
            self._waiting.remove(entry)
        if entry.lead.done():
            if self._waiting:
                self._waiting[0].lead.set_result(None)
            else:
                self._busy = False

    async def _run(self, batch: list[_Entry[R, T]]) -> None:
        try:
            results = await self.handle([entry.request for entry in batch])
        except BaseException as error:
            told = error if isinstance(error, Exception) else RuntimeError("the batch was cancelled")
            for entry in batch:
                if not entry.done.done():
                    entry.done.set_exception(told)
            if not isinstance(error, Exception):
                raise
            return
        for entry, result in zip(batch, results, strict=True):
            if not entry.done.done():
                entry.done.set_result(result)
