"""At most about one message a second per Slack webhook, across replicas (Slack's rate for incoming webhooks)."""

import time

from redis.asyncio import Redis

from shared.keys.alerter import AlerterKeys

_RESERVE = """
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
if free > now then return tostring(free) end
redis.call('SET', KEYS[1], tostring(now + tonumber(ARGV[2])), 'PX', math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
return false
"""


class Pacer:
    def __init__(self, redis: "Redis", keys: AlerterKeys, interval_s: float = 1.0) -> None:
        self.redis, self.keys, self.interval_s = redis, keys, interval_s
        self._reserve = redis.register_script(_RESERVE)

    async def reserve(self, channel: str, now: float | None = None) -> float | None:
        """None: send now (the slot is taken); otherwise the time the channel is free again. `now`: time.time()."""
        at = time.time() if now is None else now
        free = await self._reserve(keys=[self.keys.pace(channel)], args=[at, self.interval_s])
        return float(free) if free else None

    async def hold(self, channel: str, until: float) -> None:
        """Slack said wait (429 Retry-After): nothing goes to this webhook before `until`."""
        await self.redis.set(self.keys.pace(channel), str(until), px=max(1, int((until - time.time()) * 1000)) + 1000)
