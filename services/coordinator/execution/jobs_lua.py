"""The job queue's Lua scripts. Each runs atomically on the server and reads the server's clock (TIME), so
leases do not depend on the replicas' clocks agreeing.

Data, under P = CoordinatorKeys.jobs ("{prefix}:coordinator:jobs", shared/keys/coordinator.py):
  P:job:{id}  hash: job (JSON), status (queued|running|done|cancelled), attempt, owner, cancel, outcome, times
  P:due       sorted set of claimable-at times in ms: enqueue time while queued, lease expiry while running
  P:wake      list: one token per enqueue, for runners blocked in BLPOP

CLAIM builds job hash names from P (not from KEYS): fine on one Redis server, which is what Flightdeck uses,
not on Redis Cluster.

Not shared.due's DueWork, though P:due is due work: a claim here moves the lease and, in the same script, the
job's status, owner and attempt (the fencing token that heartbeat and finish check, so a runner that lost its lease
never publishes an outcome), on the server's clock; DueWork leases by score alone, on the caller's clock.
"""

NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: job hash, due, wake. ARGV: id, job JSON, wake tokens to keep. 1 = enqueued, 0 = the id already exists.
ENQUEUE = (
    NOW
    + """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'job', ARGV[2], 'status', 'queued', 'attempt', 0, 'enqueued_at', now)
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
return 1
"""
)

# KEYS: due, wake. ARGV: owner, lease ms, job hash prefix. Returns nil or {id, job, attempt, orphaned, previous,
# cancel}. Finding nothing due (having looked at every due id) empties the wake list: its tokens were all for jobs
# claimed since, and would only send runners to claim nothing, one round trip each.
CLAIM = (
    NOW
    + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 20)
for _, id in ipairs(ids) do
  local key = ARGV[3] .. id
  local s = redis.call('HMGET', key, 'status', 'owner', 'job', 'cancel')
  if s[1] == 'queued' or s[1] == 'running' then
    local attempt = redis.call('HINCRBY', key, 'attempt', 1)
    redis.call('HSET', key, 'status', 'running', 'owner', ARGV[1], 'claimed_at', now)
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), id)
    local orphaned = 0
    if s[1] == 'running' then orphaned = 1 end
    return {id, s[3], attempt, orphaned, s[2] or '', s[4] or ''}
  end
  redis.call('ZREM', KEYS[1], id)
end
if #ids < 20 then redis.call('DEL', KEYS[2]) end
return false
"""
)

_OWNED = """
local s = redis.call('HMGET', KEYS[1], 'status', 'owner', 'attempt', 'cancel')
if s[1] ~= 'running' or s[2] ~= ARGV[1] or s[3] ~= ARGV[2] then
"""

# KEYS: job hash, due. ARGV: owner, attempt, lease ms, id.
HEARTBEAT = (
    _OWNED
    + """  return 'lost'
end
"""
    + NOW
    + """
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[4])
if s[4] == '1' then return 'cancelled' end
return 'ok'
"""
)

# KEYS: job hash, due, events. ARGV: owner, attempt, id, event type, event id, retention s, then field, value...
FINISH = (
    _OWNED
    + """  return 0
end
"""
    + NOW
    + """
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'status', 'done', 'outcome', ARGV[4], 'outcome_event', ARGV[5], 'finished_at', now)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('XADD', KEYS[3], '*', unpack(ARGV, 7))
return 1
"""
)

# KEYS: job hash, due. ARGV: id, retention s.
CANCEL = """
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return 'unknown' end
if s == 'queued' or s == 'cancelled' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'cancel', '1')
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 'removed'
end
if s == 'running' then
  redis.call('HSET', KEYS[1], 'cancel', '1')
  return 'stopping'
end
return 'finished'
"""
