-- LLMux rate limiter: one atomic check of every limit that applies to a request.
-- Sliding-window counter: usage over the last window = current fixed window's count
-- + previous window's count * the share of it the last window still covers.
-- Either every counter takes the request, or none does.
--
-- KEYS: for each windowed policy i = 1..n: KEYS[2i-1] its current window, KEYS[2i] its previous
--       window; then, when there is an in-flight limit, KEYS[2n+1] the key's in-flight set.
--       All keys carry the tenant's {hash tag}: one slot, one node, in cluster mode too.
-- ARGV: now_ms, window_ms, n, inflight_max (0: none), inflight_member, inflight_ttl_ms,
--       then limit_i, cost_i for each policy.
-- Returns: {refused_index (0: admitted; n+1: the in-flight limit), in-flight count after,
--           current_1, previous_1, ..., current_n, previous_n} (counts before this request).
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local inflight_max = tonumber(ARGV[4])
local elapsed = now % window
local weight = (window - elapsed) / window

local result = {0, 0}
local refused = 0
for i = 1, n do
  local limit = tonumber(ARGV[5 + 2 * i])
  local cost = tonumber(ARGV[6 + 2 * i])
  local current = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  local previous = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  result[1 + 2 * i] = current
  result[2 + 2 * i] = previous
  if refused == 0 and previous * weight + current + cost > limit then
    refused = i
  end
end

local inflight_key = KEYS[2 * n + 1]
local running = 0
if inflight_max > 0 then
  -- Slots of instances that crashed expire on their own: each member's score is its deadline.
  redis.call('ZREMRANGEBYSCORE', inflight_key, '-inf', now)
  running = redis.call('ZCARD', inflight_key)
  if refused == 0 and running >= inflight_max then
    refused = n + 1
  end
end

if refused == 0 then
  for i = 1, n do
    local cost = tonumber(ARGV[6 + 2 * i])
    redis.call('INCRBY', KEYS[2 * i - 1], cost)
    -- Kept while it can still be the previous window, then dropped.
    redis.call('PEXPIRE', KEYS[2 * i - 1], 2 * window + 1000)
  end
  if inflight_max > 0 then
    local ttl = tonumber(ARGV[6])
    redis.call('ZADD', inflight_key, now + ttl, ARGV[5])
    redis.call('PEXPIRE', inflight_key, ttl)
    running = running + 1
  end
end

result[1] = refused
result[2] = running
return result
