"""shared/batching.py with plain asyncio: a lone request is handled at once, those that come meanwhile together
next; each caller returns after its own batch; an error reaches the callers of its batch only; a caller
cancelled while it waited never stalls the others."""

import asyncio

import pytest

from shared.batching import Batcher


class Recorder:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()

    async def handle(self, requests: list[int]) -> list[int]:
        self.batches.append(requests)
        if len(self.batches) == 1:
            await self.release.wait()  # the first batch stays in flight until the test lets it go
        else:
            await asyncio.sleep(0)
        if -1 in requests:
            raise ValueError("bad request")
        return [request * 10 for request in requests]


async def test_requests_that_come_while_one_is_in_flight_are_handled_together_next() -> None:
    recorder = Recorder()
    batcher = Batcher(recorder.handle)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)
    rest = [asyncio.create_task(batcher.submit(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 10
    assert [await task for task in rest] == [20, 30, 40]
    assert recorder.batches == [[1], [2, 3, 4]]


async def test_a_caller_returns_after_its_own_batch_not_after_the_later_ones() -> None:
    recorder = Recorder()
    batcher = Batcher(recorder.handle)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)
    second = asyncio.create_task(batcher.submit(2))
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 10
    late = asyncio.create_task(batcher.submit(3))  # comes after the first caller returned
    assert await second == 20 and await late == 30
    assert recorder.batches[0] == [1]


async def test_an_error_reaches_the_callers_of_its_batch_only() -> None:
    recorder = Recorder()
    batcher = Batcher(recorder.handle)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)
    failing = [asyncio.create_task(batcher.submit(n)) for n in (-1, 5)]
    await asyncio.sleep(0)
    recorder.release.set()
    assert await first == 10
    for task in failing:
        with pytest.raises(ValueError, match="bad request"):
            await task
    assert await batcher.submit(6) == 60  # and the batcher goes on


async def test_a_caller_cancelled_while_it_waited_does_not_stall_the_others() -> None:
    recorder = Recorder()
    batcher = Batcher(recorder.handle, most_at_once=1)
    first = asyncio.create_task(batcher.submit(1))
    await asyncio.sleep(0)
    cancelled = asyncio.create_task(batcher.submit(2))  # next to be handed the batch
    after = asyncio.create_task(batcher.submit(3))
    await asyncio.sleep(0)
    recorder.release.set()
    await asyncio.sleep(0)  # the first batch ends and hands over to the caller of 2 ...
    cancelled.cancel()  # ... which is cancelled before it runs
    assert await first == 10
    assert await asyncio.wait_for(after, timeout=5) == 30
    with pytest.raises(asyncio.CancelledError):
        await cancelled
