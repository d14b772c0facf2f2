"""Requests from many tasks handled together: the first that finds nothing in flight is handled at once, alone (no
wait is added at a low rate); those that come meanwhile wait and are handled together next, so under load one
round trip serves as many as arrived. Each caller gets its own result, or the error its batch raised."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

R = TypeVar("R")
T = TypeVar("T")
MOST_AT_ONCE = 64


class Batcher(Generic[R, T]):
    def __init__(self, handle: Callable[[list[R]], Awaitable[Sequence[T]]], most_at_once: int = MOST_AT_ONCE) -> None:
        """`handle` takes requests in arrival order and returns one result per request, in the same order."""
        self.handle, self.most_at_once = handle, most_at_once
        self._waiting: list[tuple[R, asyncio.Future[T]]] = []
        self._busy = False

    async def submit(self, request: R) -> T:
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((request, done))
        if not self._busy:
            self._busy = True
            try:
                while self._waiting:
                    batch, self._waiting = self._waiting[: self.most_at_once], self._waiting[self.most_at_once :]
                    await self._run(batch)
            finally:  # cancelled while handling: the callers still waiting are told, not left hanging
                self._busy = False
                left, self._waiting = self._waiting, []
                for _, waiting in left:
                    waiting.set_exception(RuntimeError("the batch was cancelled before it was handled"))
        return await done

    async def _run(self, batch: list[tuple[R, asyncio.Future[T]]]) -> None:
        try:
            results = await self.handle([request for request, _ in batch])
        except BaseException as error:
            told = error if isinstance(error, Exception) else RuntimeError("the batch was cancelled")
            for _, done in batch:
                if not done.done():
                    done.set_exception(told)
            if not isinstance(error, Exception):
                raise
            return
        for (_, done), result in zip(batch, results, strict=True):
            if not done.done():
                done.set_result(result)
