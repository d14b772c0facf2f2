"""The rollback benchmark's stream follower: XREAD BLOCK on the events stream, each event noted as read (perf_counter),
and the health gates of a batch passed at once, standing in for the monitor (no probes in the figures)."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast

from redis.asyncio import Redis

from bench._streams import Reply, Rows
from shared.bus.codec import DATA_FIELD
from shared.bus.publisher import EventPublisher
from shared.events import HealthGatePassed
from shared.events.health import HealthGatePassedPayload, ProbeEvidence
from shared.streams import Keys
from shared.text import text


@dataclass(frozen=True)
class Seen:
    read_at: float  # perf_counter when the follower read it
    data: dict[str, Any]  # the event's JSON
    entry_id: tuple[int, ...]


class Follower:
    """XREAD BLOCK on the events stream: each event noted as read; the health gates of a batch passed at once."""

    def __init__(self, redis: Redis, stream: str) -> None:
        self.redis, self.stream, self.publisher = redis, stream, EventPublisher(redis, Keys(), producer="bench-gates")
        self.seen: dict[str, list[Seen]] = {}
        self.changed, self.gates = asyncio.Condition(), 0

    async def follow(self) -> None:
        newest = cast(Rows, await self.redis.xrevrange(self.stream, count=1))
        last = newest[0][0] if newest else b"0-0"
        while True:
            reply = cast(Reply, await self.redis.xread({self.stream: last}, count=1000, block=1000))
            at, gates = time.perf_counter(), []
            for _, rows in reply or ():
                for entry_id, fields in rows:
                    last, data = entry_id, json.loads(fields[DATA_FIELD])
                    self.seen.setdefault(data.get("deployment_id") or "", []).append(Seen(at, data, _id(entry_id)))
                    if data["type"] == "health-gate-requested":
                        gates.append(data)
            if gates:
                self.gates += len(gates)
                await self.publisher.publish_many(
                    [
                        HealthGatePassed(
                            deployment_id=g["deployment_id"],
                            environment=g["environment"],
                            service=g["service"],
                            correlation_id=g.get("correlation_id"),
                            causation_id=g["event_id"],
                            payload=HealthGatePassedPayload(
                                version=(v := g["payload"].get("expected_version")),
                                waited_s=0.0,
                                evidence=[ProbeEvidence(ok=True, version=v)],
                            ),
                        )
                        for g in gates
                    ]
                )
            if reply:
                async with self.changed:
                    self.changed.notify_all()

    def find(self, deployment_id: str, *types: str) -> Seen | None:
        return next((s for s in self.seen.get(deployment_id, ()) if s.data["type"] in types), None)

    async def first(self, deployment_id: str, *types: str, within: float = 30.0) -> Seen:
        """The first event of one of `types` for the deployment, waiting for it up to `within` seconds."""
        async with self.changed:
            try:
                seen = await asyncio.wait_for(self.changed.wait_for(lambda: self.find(deployment_id, *types)), within)
            except TimeoutError:
                trail = [s.data["type"] for s in self.seen.get(deployment_id, ())]
                raise SystemExit(f"{deployment_id}: no {'/'.join(types)} within {within:g} s; seen {trail}") from None
        assert seen is not None  # Condition.wait_for returns the predicate's value once it holds
        return seen

    async def handled(self, group: str, seen: Seen, within: float = 10.0) -> None:
        """Until consumer group `group` has read past `seen` and acknowledged all it read (its handlers returned)."""
        for _ in range(int(within * 1000)):  # 1 ms apart, at least
            info = next(g for g in await self.redis.xinfo_groups(self.stream) if g["name"] in (group, group.encode()))
            if info["pending"] == 0 and _id(info["last-delivered-id"]) >= seen.entry_id:
                return
            await asyncio.sleep(0.001)
        raise SystemExit(f"the {group} group had not handled {seen.data['type']} within {within:g} s")


def _id(entry_id: bytes | str) -> tuple[int, ...]:
    return tuple(map(int, text(entry_id).split("-")))


@contextlib.asynccontextmanager
async def following(url: str, stream: str) -> AsyncIterator[Follower]:
    follower = Follower(Redis.from_url(url), stream)
    task = asyncio.create_task(follower.follow())
    await asyncio.sleep(0.1)  # its first XREAD is out
    try:
        yield follower
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await follower.redis.aclose()
