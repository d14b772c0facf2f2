"""The health trackers of the targets this replica probes, kept in memory while it holds their leases.

A lease per target ({prefix}:monitor:watch:{target}, three intervals and a timeout long) is taken or renewed for
all the targets due at once, in one script. A tracker newly held is read from {prefix}:monitor:health:{target}, so
a replica that takes a target over continues its counts; the changed ones are written back once a tick, in one
round trip with the buckets the recorder closed, and kept for the next save when that write fails.
"""

import logging

from redis.asyncio import Redis

from shared.keys.monitor import MonitorKeys
from shared.streams import Keys

from .domain.health import Tracker
from .metrics import Recorder
from .targets import Target

log = logging.getLogger("flightdeck.monitor.watch")
KEEP_S = 86400
_HOLD = """
local held = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == false or owner == ARGV[1] then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[i + 1])
    held[#held + 1] = i
  end
end
return held
"""


def tracker_key(keys: Keys, target_key: str) -> str:
    return MonitorKeys.of(keys).health(target_key)


def lease_key(keys: Keys, target_key: str) -> str:
    return MonitorKeys.of(keys).lease(target_key)


class HeldTrackers:
    def __init__(self, redis: "Redis", keys: Keys, me: str, recorder: Recorder) -> None:
        self.redis, self.keys, self.me, self.recorder = redis, keys, me, recorder
        self._hold = redis.register_script(_HOLD)
        self._trackers: dict[str, Tracker] = {}
        self._dirty: set[str] = set()

    async def hold(self, due: list[Target]) -> list[Target]:
        """The targets of `due` whose lease this replica holds now, with their trackers loaded."""
        if not due:
            return []
        keys = [lease_key(self.keys, t.key) for t in due]
        leases = [int((3 * t.interval_s + t.timeout_s) * 1000) for t in due]
        held = {int(i) - 1 for i in await self._hold(keys=keys, args=[self.me, *leases])}
        for i, target in enumerate(due):
            if i not in held:  # someone else probes it: our counts would be stale when we get it back
                self._trackers.pop(target.key, None)
                self._dirty.discard(target.key)  # nor are they ours to save
        mine = [due[i] for i in sorted(held)]
        await self._load([t.key for t in mine if t.key not in self._trackers])
        return mine

    async def _load(self, target_keys: list[str]) -> None:
        if target_keys:
            raws = await self.redis.mget([tracker_key(self.keys, k) for k in target_keys])
            for key, raw in zip(target_keys, raws, strict=True):
                try:
                    self._trackers[key] = Tracker.model_validate_json(raw) if raw else Tracker()
                except ValueError:
                    log.warning("the saved health of %s is unreadable; starting afresh", key)
                    self._trackers[key] = Tracker()

    def get(self, target_key: str) -> Tracker:
        return self._trackers.setdefault(target_key, Tracker())

    def put(self, target_key: str, tracker: Tracker) -> None:
        """`tracker` is the target's now, saved by the next save."""
        self._trackers[target_key] = tracker
        self._dirty.add(target_key)

    def undo(self, target_key: str, tracker: Tracker, before: Tracker) -> None:
        """Puts `before` back where `tracker` was put (unless something replaced it since)."""
        if self._trackers.get(target_key) is tracker:
            self.put(target_key, before)

    async def save(self) -> None:
        """The trackers changed and the buckets closed since the last save, in one round trip."""
        dirty, self._dirty = self._dirty, set()
        pipe = self.redis.pipeline(transaction=False)
        for key in dirty:
            pipe.set(tracker_key(self.keys, key), self._trackers[key].model_dump_json(), ex=KEEP_S)
        buckets = self.recorder.flush(pipe)
        try:
            if len(pipe):
                await pipe.execute()
        except BaseException:
            self._dirty |= {key for key in dirty if key in self._trackers}
            self.recorder.unflushed(buckets)
            raise
