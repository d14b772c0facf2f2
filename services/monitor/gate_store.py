"""Open health gates in Redis: one key per gate, changed only by the replica that owns it (Lua compare-and-set).

A verdict is published in the same script that deletes the gate, so exactly one health-gate-passed or -failed
leaves the monitor per request, whichever replica ends up deciding.
"""

from redis.asyncio import Redis

from shared.bus.codec import encode
from shared.events import Event
from shared.keys.monitor import MonitorKeys
from shared.streams import Keys
from shared.text import text

from .domain.gates import Gate

_SAVE = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if cjson.decode(raw)['owner'] ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
"""
_ADOPT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local gate = cjson.decode(raw)
if gate['owner'] ~= ARGV[1] and tonumber(gate['beat']) > tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[3])
return 1
"""
_CLOSE = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if cjson.decode(raw)['owner'] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[3], '*', '__data__', ARGV[3], 'type', ARGV[4])
return 1
"""


class GateStore:
    def __init__(self, redis: "Redis", keys: Keys) -> None:
        self.redis, self.keys = redis, keys
        self.open_key = MonitorKeys.of(keys).gates
        self._save = redis.register_script(_SAVE)
        self._adopt = redis.register_script(_ADOPT)
        self._close = redis.register_script(_CLOSE)

    def key(self, gate_id: str) -> str:
        return MonitorKeys.of(self.keys).gate(gate_id)

    async def open(self, gate: Gate) -> bool:
        """False when this request already has a gate (a redelivered request opens nothing new)."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.set(self.key(gate.gate_id), gate.model_dump_json(), nx=True)
            pipe.sadd(self.open_key, gate.gate_id)
            created, _ = await pipe.execute()
        return bool(created)

    async def ids(self) -> list[str]:
        return [text(i) for i in await self.redis.smembers(self.open_key)]

    async def get(self, gate_id: str) -> Gate | None:
        raw = await self.redis.get(self.key(gate_id))
        return Gate.model_validate_json(raw) if raw else None

    async def save(self, gate: Gate) -> bool:
        return bool(await self._save(keys=[self.key(gate.gate_id)], args=[gate.owner, gate.model_dump_json()]))

    async def adopt(self, gate: Gate, stale_before: float, me: str) -> bool:
        """Takes over a gate whose owner stopped beating (or that is already ours)."""
        adopted = gate.model_copy(update={"owner": me})
        return bool(
            await self._adopt(keys=[self.key(gate.gate_id)], args=[me, stale_before, adopted.model_dump_json()])
        )

    async def close(self, gate: Gate, verdict: Event) -> bool:
        fields = encode(verdict)
        return bool(
            await self._close(
                keys=[self.key(gate.gate_id), self.open_key, self.keys.events],
                args=[gate.owner, gate.gate_id, fields[b"__data__"], fields[b"type"]],
            )
        )
