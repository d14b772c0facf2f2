"""The verification bench's baseline: a plain aiohttp client loop making the same requests as the verifier, in the
same order and at the same concurrency: each service's smoke requests side by side, then its load, service after
service. What it does not do is the verifier's work: templates, expectations, reports, baselines."""

import asyncio
import json
import time
from collections.abc import Sequence

import aiohttp


async def raw_run(services: Sequence[Sequence[str]], requests: int, concurrency: int) -> list[float]:
    """Requests per second of each service's load."""
    rates = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as client:

        async def smoke(url: str) -> None:
            async with client.get(url) as answer:
                assert answer.status == 200 and json.loads(await answer.read())["data"]["id"] is not None

        await asyncio.gather(*(smoke(url) for urls in services for url in urls))
        for urls in services:
            started = time.perf_counter()
            await _load(client, urls, requests, concurrency)
            rates.append(requests / (time.perf_counter() - started))
    return rates


async def _load(client: aiohttp.ClientSession, urls: Sequence[str], requests: int, concurrency: int) -> None:
    issued = 0

    async def worker() -> None:
        nonlocal issued
        while issued < requests:
            url = urls[issued % len(urls)]
            issued += 1
            async with client.get(url) as answer:
                await answer.read()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
