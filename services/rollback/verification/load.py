"""A performance check's load: the plan's request count spread over its concurrency, bounded by its duration,
round-robin over the requests given (the service's GET smoke requests, or its performance URL)."""

import asyncio
import time
from collections.abc import Sequence

import aiohttp

from shared.plan.verification import Performance

from ..domain.verification.regression import Load
from .client import send
from .prepared import Prepared

TIMEOUT_S = 10.0


async def run_load(
    client: aiohttp.ClientSession, requests: Sequence[Prepared], plan: Performance, version: str
) -> Load:
    latencies: list[float] = []
    errors = 0
    issued = 0
    started = time.perf_counter()
    deadline = started + plan.duration

    async def worker() -> None:
        nonlocal errors, issued
        while issued < plan.requests and time.perf_counter() < deadline:
            request = requests[issued % len(requests)]
            issued += 1
            reply = await send(client, request, min(TIMEOUT_S, plan.duration), read=False)
            if reply.status is None or reply.status >= 500:
                errors += 1
            else:
                latencies.append(reply.latency_s * 1000)

    await asyncio.gather(*(worker() for _ in range(min(plan.concurrency, plan.requests))))
    return Load(latencies, errors, len(latencies) + errors, time.perf_counter() - started, version)
