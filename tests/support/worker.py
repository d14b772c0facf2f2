"""A real worker process for the tests: `python -m tests.support.worker`, configured by environment variables.

Each event's effect is an RPUSH of its id onto `effects`, claimed atomically with the event's idempotency key,
so a test can count effects per event. WORKER_DELAY_S makes each event slow, to kill the process mid-batch.
"""

import asyncio
import os

from shared.bus.handlers import Handlers
from shared.events import EVENT_CLASSES, Event
from shared.runtime import ServiceContext, ServiceDefinition, main

EFFECTS = "test:effects"
CLAIM_AND_RECORD = """
if redis.call('SET', KEYS[1], 'done', 'NX', 'EX', 3600) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0
"""


def handlers(context: ServiceContext) -> Handlers:
    delay = float(os.environ.get("WORKER_DELAY_S", "0"))
    record = context.redis.register_script(CLAIM_AND_RECORD)

    async def handle(event: Event) -> None:
        await asyncio.sleep(delay)
        await record(keys=[context.idempotency.key(event.event_id), EFFECTS], args=[event.event_id])
        await context.redis.rpush(f"test:handled-by:{context.name}", os.getpid())

    return Handlers().on_any(EVENT_CLASSES.values(), handle)


DEFINITION = ServiceDefinition(
    name=os.environ.get("WORKER_GROUP", "worker"),
    description="a test worker",
    consumes=tuple(EVENT_CLASSES.values()),
    produces=(),
    handlers=handlers,
    default_port=0,
)

if __name__ == "__main__":
    main(DEFINITION)
