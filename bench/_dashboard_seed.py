"""Seeding the dashboard benchmark's history onto our own Redis, fast: each batch of deployments' events (XADD onto
the events stream, as EventPublisher writes them) and log lines (XADD onto `flightdeck:log:<id>`, as the
coordinator's DeploymentLog writes them, then EXPIRE) in one pipeline; a progress line every few seconds."""

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

from redis.asyncio import Redis

from bench._dashboard_history import Deployment
from shared.bus.codec import encode
from shared.streams import Keys

PER_PIPELINE = 40  # deployments per round trip (about 10,000 commands)
LOG_MAXLEN, LOG_TTL_S = 10_000, 7 * 86_400  # what the coordinator keeps of a log


@dataclass
class Seeded:
    deployments: int = 0
    events: int = 0
    lines: int = 0
    seconds: float = 0.0


async def seed(redis: Redis, deployments: Iterable[Deployment], total: int, every_s: float = 2.5) -> Seeded:
    keys, done, started = Keys(), Seeded(), time.perf_counter()
    shown = started
    batch: list[Deployment] = []

    async def flush() -> None:
        pipe = redis.pipeline(transaction=False)
        for made in batch:
            for event in made.events:
                pipe.xadd(keys.events, encode(event.model_copy(update={"producer": "coordinator"})))
            log = keys.deployment_log(made.id)
            for line in made.log:
                fields = {"service": line.service, "stream": line.stream, "line": line.line, "ts": line.ts}
                pipe.xadd(log, fields, maxlen=LOG_MAXLEN, approximate=True)  # type: ignore[arg-type]
            pipe.expire(log, LOG_TTL_S)
        await pipe.execute()
        done.deployments += len(batch)
        done.events += sum(len(made.events) for made in batch)
        done.lines += sum(len(made.log) for made in batch)
        batch.clear()

    for made in deployments:
        batch.append(made)
        if len(batch) >= PER_PIPELINE:
            await flush()
        now = time.perf_counter()
        if now - shown >= every_s:
            shown = now
            print(
                f"      .. seeding: {now - started:5.1f}s {done.deployments:,}/{total:,} deployments, "
                f"{done.events:,} events, {done.lines:,} log lines",
                file=sys.stderr,
                flush=True,
            )
    if batch:
        await flush()
    done.seconds = time.perf_counter() - started
    return done
