"""Detection delay: endpoints turned bad at spaced, random times, and the health-degraded events that follow.

Each chosen endpoint is switched to 503 by the endpoint server, which answers with its clock at the switch (the same
machine's clock as ours). The delay is from that moment to our XREAD returning the endpoint's health-degraded event
(the entry's id, Redis' clock at XADD, is kept too). Once detected, the endpoint is switched back to 200, and its
health-recovered event is counted as a sanity check. Degraded events for endpoints we never turned bad are counted
as unexpected.
"""

import asyncio
import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import cast

import aiohttp
from redis.asyncio import Redis

from bench._streams import Reply
from shared.bus.codec import DATA_FIELD
from shared.events import EventError, parse_event
from shared.streams import Keys


@dataclass
class Case:
    service: str
    due: float  # when we planned to turn it bad (time.time())
    bad_at: float | None = None  # the server's clock when it turned bad
    seen_at: float | None = None  # when we read its health-degraded event
    added_at: float | None = None  # the event's stream entry id (Redis' clock at XADD)
    recovered_at: float | None = None
    given_up: bool = False

    @property
    def delay_s(self) -> float | None:
        return self.seen_at - self.bad_at if self.seen_at is not None and self.bad_at is not None else None


class Detector:
    def __init__(self, redis: Redis, control: aiohttp.ClientSession, base: str, give_up_s: float) -> None:
        self.redis, self.control, self.base, self.give_up_s = redis, control, base, give_up_s
        self.cases: dict[str, Case] = {}
        self.unexpected: Counter[str] = Counter()  # event type -> count, for services never turned bad
        self._changed = asyncio.Event()

    def plan(self, names: list[str], count: int, start: float, span_s: float, seed: int) -> list[Case]:
        """`count` distinct endpoints, one in each equal slot of [start, start + span_s), at a random point of the
        slot's first half (so two are always at least half a slot apart)."""
        rng = random.Random(seed)
        slot = span_s / count
        chosen = rng.sample(names, count)
        for i, service in enumerate(chosen):
            self.cases[service] = Case(service, start + i * slot + rng.uniform(0, slot / 2))
        return list(self.cases.values())

    async def _switch(self, service: str, how: str) -> float:
        async with self.control.post(f"{self.base}/control/{how}/{service}") as response:
            response.raise_for_status()
            return float((await response.json())["at"])

    async def drive(self) -> None:
        """Turns each case bad at its time; turns it good again once detected, or after give_up_s."""
        for case in sorted(self.cases.values(), key=lambda c: c.due):
            await asyncio.sleep(max(0.0, case.due - time.time()))
            case.bad_at = await self._switch(case.service, "bad")
            asyncio.get_running_loop().call_later(self.give_up_s, self._give_up, case)

    def _give_up(self, case: Case) -> None:
        if case.seen_at is None:
            case.given_up = True
            asyncio.get_running_loop().create_task(self._switch(case.service, "good"))
            self._changed.set()

    async def read(self, stream: str | None = None) -> None:
        """XREAD BLOCK on the events stream, from its beginning; runs until cancelled."""
        stream = stream or Keys().events
        last: bytes | str = "0-0"
        while True:
            found = cast(Reply, await self.redis.xread({stream: last}, block=500, count=100))
            seen_at = time.time()
            for _, entries in found:
                for entry_id, fields in entries:
                    last = entry_id
                    try:
                        event = parse_event(fields[DATA_FIELD])
                    except (EventError, KeyError):
                        self.unexpected["unparsable"] += 1
                        continue
                    if event.type in ("health-degraded", "health-recovered"):
                        self._note(event.type, event.service or "", seen_at, int(entry_id.split(b"-")[0]) / 1000)

    def _note(self, kind: str, service: str, seen_at: float, added_at: float) -> None:
        case = self.cases.get(service)
        if case is None or case.bad_at is None:
            self.unexpected[kind] += 1
        elif kind == "health-degraded" and case.seen_at is None and not case.given_up:
            case.seen_at, case.added_at = seen_at, added_at
            asyncio.get_running_loop().create_task(self._switch(service, "good"))
        elif kind == "health-recovered" and case.recovered_at is None:
            case.recovered_at = seen_at
        else:
            self.unexpected[kind] += 1
        self._changed.set()

    async def settle(self, within_s: float) -> None:
        """Waits until every case was detected or given up, and recovered (at most `within_s`)."""
        deadline = time.monotonic() + within_s
        while not all((c.seen_at and c.recovered_at) or c.given_up for c in self.cases.values()):
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                return

    def delays(self) -> list[float]:
        return [d for c in self.cases.values() if (d := c.delay_s) is not None]

    def entry_delays(self) -> list[float]:
        return [c.added_at - c.bad_at for c in self.cases.values() if c.added_at and c.bad_at]
