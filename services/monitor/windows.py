"""The windows in which the monitor watches a deployment's services more closely, kept in Redis for every replica.

- bake: {prefix}:monitor:bake:{environment}, service -> until (seconds since the epoch): probed at the plan's
  bake_interval until then.
- detailed: {prefix}:monitor:detailed:{environment}, service -> deployment id: health.detailed is probed too, from
  bake-started until that deployment ends (succeeded, failed, cancelled or rolled back).
"""

from collections.abc import Iterable

from redis.asyncio import Redis

from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from shared.text import text

KEEP_S = 7 * 86400  # a deployment whose end never arrives does not keep its services probed closely for ever
_CLOSE = """
local fields = redis.call('HGETALL', KEYS[1])
local closed = 0
for i = 1, #fields, 2 do
  if fields[i + 1] == ARGV[1] then
    redis.call('HDEL', KEYS[1], fields[i])
    closed = closed + 1
  end
end
return closed
"""

Pairs = set[tuple[str, str]]  # (environment, service)


class Windows:
    def __init__(self, redis: "Redis", keys: Keys) -> None:
        self.redis, self.keys = redis, keys
        self._close = redis.register_script(_CLOSE)

    def bake_key(self, environment: str) -> str:
        return MonitorKeys.of(self.keys).bake(environment)

    def detailed_key(self, environment: str) -> str:
        return MonitorKeys.of(self.keys).detailed(environment)

    async def open(self, environment: str, deployment_id: str, services: list[str], until: float, now: float) -> None:
        if not services:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            if until > now:
                pipe.hset(self.bake_key(environment), mapping=dict.fromkeys(services, until))
            pipe.hset(self.detailed_key(environment), mapping=dict.fromkeys(services, deployment_id))
            pipe.expire(self.detailed_key(environment), KEEP_S)
            await pipe.execute()

    async def close(self, environment: str, deployment_id: str) -> int:
        """The deployment ended: its services' detailed health is no longer probed for its sake."""
        return int(await self._close(keys=[self.detailed_key(environment)], args=[deployment_id]))

    async def read(self, environments: Iterable[str], now: float) -> tuple[Pairs, Pairs]:
        """(baking now, detailed wanted) in one round trip."""
        names = sorted(environments)
        if not names:
            return set(), set()
        async with self.redis.pipeline(transaction=False) as pipe:
            for environment in names:
                pipe.hgetall(self.bake_key(environment))
                pipe.hkeys(self.detailed_key(environment))
            answers = await pipe.execute()
        baking, detailed = set(), set()
        for i, environment in enumerate(names):
            bake, closely = answers[2 * i], answers[2 * i + 1]
            baking |= {(environment, text(s)) for s, until in bake.items() if float(until) > now}
            detailed |= {(environment, text(s)) for s in closely}
        return baking, detailed
