"""The read model's Lua scripts: each runs whole in Redis, so two replicas indexing at once never lose a number,
and a log is scanned where it is instead of being shipped to Python line by line."""

# KEYS: the seq hash, the reverse hash, the counter, and optionally the in-flight set (the id is added to it).
# ARGV: the deployment id. Returns its number.
NUMBER = """
if KEYS[4] then redis.call('SADD', KEYS[4], ARGV[1]) end
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then return tonumber(known) end
local n = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], n)
redis.call('HSET', KEYS[2], n, ARGV[1])
return n
"""

# Adds number ARGV[1] to each term's postings. KEYS: triples (the term's bucket hash, its set, its bitmap);
# ARGV: the number, how many a bucket field holds before the term gets a set, how many a set holds before it
# becomes a bitmap, then the terms. A term lives in exactly one of the three.
ADD = """
local n, few, most = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 1, #KEYS / 3 do
  local bucket, members, bits, term = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i], ARGV[3 + i]
  if redis.call('EXISTS', bits) == 1 then
    redis.call('SETBIT', bits, n, 1)
  elseif redis.call('EXISTS', members) == 1 then
    redis.call('SADD', members, n)
    if redis.call('SCARD', members) > most then
      for _, m in ipairs(redis.call('SMEMBERS', members)) do redis.call('SETBIT', bits, m, 1) end
      redis.call('DEL', members)
    end
  else
    local held = redis.call('HGET', bucket, term)
    if not held then
      redis.call('HSET', bucket, term, n)
    else
      local list, seen = {}, false
      for m in string.gmatch(held, '%d+') do
        if m == n then seen = true end
        list[#list + 1] = m
      end
      if not seen then
        list[#list + 1] = n
        if #list > few then
          redis.call('SADD', members, unpack(list))
          redis.call('HDEL', bucket, term)
        else
          redis.call('HSET', bucket, term, table.concat(list, ','))
        end
      end
    end
  end
end
return #KEYS / 3
"""

# The first log line after ARGV[1] (an exclusive "(id", or "-") with every term of ARGV[5..] (ARGV[3] "all") or
# any of them ("any"), as a whole word (no letter or digit either side) of its service and its text, scanning at
# most ARGV[2] lines; "best": the first with every term within ARGV[2] lines, else the first with any within ARGV[4].
# KEYS[1]: the log stream. Returns {id, service, line, "all" or "any"}, or false.
FIRST_LINE = """
local after, budget, mode, most = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local function has(low, term)
  local from = 1
  while true do
    local s, e = string.find(low, term, from, true)
    if not s then return false end
    local before, past = string.sub(low, s - 1, s - 1), string.sub(low, e + 1, e + 1)
    if not string.find(before, '%w') and not string.find(past, '%w') then return true end
    from = s + 1
  end
end
local function test(low, every)
  for k = 5, #ARGV do
    local here = has(low, ARGV[k])
    if every and not here then return false end
    if here and not every then return true end
  end
  return every
end
local limit = budget
if mode == 'best' then limit = math.max(budget, most) end
local page, seen, either = 16, 0, nil  -- a common word is on one of the first lines: a small first page
while seen < limit do
  local upto = limit  -- reading no further than the budget while a line with every term is looked for
  if seen < budget then upto = budget end
  local rows = redis.call('XRANGE', KEYS[1], after, '+', 'COUNT', math.min(page, upto - seen))
  page = math.min(page * 4, 512)
  if #rows == 0 then break end
  for _, row in ipairs(rows) do
    seen = seen + 1
    local fields, line, service = row[2], '', ''
    for j = 1, #fields, 2 do
      if fields[j] == 'line' then line = fields[j + 1] elseif fields[j] == 'service' then service = fields[j + 1] end
    end
    local low = string.lower(service .. ' ' .. line)  -- a line says its service, as a page shows it
    if mode ~= 'any' and seen <= budget and test(low, true) then return {row[1], service, line, 'all'} end
    if mode ~= 'all' and either == nil and test(low, false) then either = {row[1], service, line, 'any'} end
    if either ~= nil and (mode == 'any' or seen >= budget) then return either end
    after = '(' .. row[1]
  end
end
return either or false
"""

# The `line` field of up to ARGV[2] entries of log stream KEYS[1] after ARGV[1] (an exclusive "(id", or "-"), for
# indexing: the last entry's id first (false when there is none), then each entry's line ('' when it has none).
# Only the lines cross to Python, not every entry's id and fields, which cost more to parse than to index.
LOG_LINES = """
local rows = redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', tonumber(ARGV[2]))
if #rows == 0 then return {false} end
local found = {rows[#rows][1]}
for _, row in ipairs(rows) do
  local fields, line = row[2], ''
  for j = 1, #fields, 2 do
    if fields[j] == 'line' then line = fields[j + 1] end
  end
  found[#found + 1] = line
end
return found
"""

# The search's candidates that pass a query's filters, in the order given, as flat (number, id) pairs: each number
# (ARGV[3..]) named in the reverse hash KEYS[1], created (its score in KEYS[2], the history) at or after ARGV[1]
# and before ARGV[2] ('' for no bound), and in every filter index KEYS[3..]. Only what passes crosses to Python.
FILTERED = """
local low, high = tonumber(ARGV[1]), tonumber(ARGV[2])
local kept = {}
for i = 3, #ARGV do
  local id = redis.call('HGET', KEYS[1], ARGV[i])
  local score = id and redis.call('ZSCORE', KEYS[2], id)
  local ok = score and not (low and tonumber(score) < low) and not (high and tonumber(score) >= high)
  local k = 3
  while ok and k <= #KEYS do
    ok = redis.call('ZSCORE', KEYS[k], id) ~= false
    k = k + 1
  end
  if ok then
    kept[#kept + 1] = ARGV[i]
    kept[#kept + 1] = id
  end
end
return kept
"""
