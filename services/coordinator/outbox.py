"""A decision's effects, queued in the transaction that commits its state: the events to publish, the commands to
run, the timers to set and clear. Stopping commands is the caller's, after the commit."""

from collections.abc import Callable

from redis.asyncio.client import Pipeline
from redis.typing import EncodableT, FieldT

from shared.bus.codec import encode
from shared.keys.coordinator import CoordinatorKeys
from shared.streams import Keys

from .domain.effects import ClearTimer, Effect, Publish, RunCommand, SetTimer, StopCommands
from .timers import timer_member

Enqueue = Callable[[Pipeline, RunCommand], None]


def queue_effects(pipe: Pipeline, keys: Keys, own: CoordinatorKeys, enqueue: Enqueue, effects: list[Effect]) -> None:
    for effect in effects:
        if isinstance(effect, Publish):
            # xadd's field and value types: a dict[bytes, bytes] is no dict of them (dicts are invariant)
            fields: dict[FieldT, EncodableT] = {name: value for name, value in encode(effect.event).items()}
            pipe.xadd(keys.events, fields)
        elif isinstance(effect, RunCommand):
            enqueue(pipe, effect)
        elif isinstance(effect, SetTimer):
            pipe.zadd(own.timers, {timer_member(effect): effect.due.timestamp()})
        elif isinstance(effect, ClearTimer):
            pipe.zrem(own.timers, timer_member(effect))
        elif isinstance(effect, StopCommands):
            pass  # carried out after the commit by the caller: stopping is idempotent and may not be undone
