"""Compare-and-set in one round trip: writes queued on a plain pipeline are applied by a Lua script only if the
string keys read before still hold exactly what was read (absent included).

The read-decide-write of a hot path then costs two round trips (an MGET, then the script) instead of WATCH, the
reads, and MULTI/EXEC on a connection of its own; and it interoperates with WATCH: a transaction watching a key
the script changed fails its EXEC, and the script fails when such a transaction changed a key it checks. Values
are compared whole, so a checked key must change its value whenever it changes (a counter, a versioned
document), and must be a string. Keys written by the queued commands are passed as arguments, so this fits a
single Redis (or one behind Sentinel), not a Redis Cluster."""

from collections.abc import Mapping, Sequence

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

ABSENT = b"\x00absent\x00"  # what an expected value of None is sent as: no stored value is this

_SWAP = """
for i = 1, #KEYS do
  local stored = redis.call('GET', KEYS[i])
  if stored == false then
    if ARGV[i] ~= ARGV[#KEYS + 1] then return 0 end
  elseif stored ~= ARGV[i] then
    return 0
  end
end
local i = #KEYS + 2
while i <= #ARGV do
  local argc = tonumber(ARGV[i])
  redis.call(unpack(ARGV, i + 1, i + argc))
  i = i + argc + 1
end
return 1
"""


class Swap:
    """One script registered per client; `apply` runs a pipeline's queued commands under the checks."""

    def __init__(self, redis: "Redis") -> None:
        self.redis = redis
        self._script = redis.register_script(_SWAP)

    def writes(self) -> Pipeline:
        """A pipeline to queue the writes on (with the usual methods); it is never executed itself."""
        return self.redis.pipeline(transaction=False)

    async def apply(self, read: Mapping[str, bytes | str | None], writes: Pipeline) -> bool:
        """True: every key in `read` still held its value and the writes ran, with no other client's commands in
        between; False: nothing was written. (As in MULTI/EXEC, a write that errors does not undo those before it.)"""
        args: list[bytes | str | int | float] = [ABSENT if value is None else value for value in read.values()]
        args.append(ABSENT)
        for command, _options in writes.command_stack:
            args.append(len(command))
            args.extend(command)
        writes.command_stack.clear()  # queued once: the pipeline never took a connection, nothing to give back
        return bool(await self._script(keys=list(read), args=args))


def values_of(keys: Sequence[str], replies: Sequence[bytes | str | None]) -> dict[str, bytes | str | None]:
    """An MGET's replies by key, in the order asked."""
    return dict(zip(keys, replies, strict=True))
