"""Per-address limits that hold for the whole cluster: their counts live in Redis.

With several processes, a count kept in each process lets an address have its limit once
per process. These keep the count in Redis and decide inside it (Lua), so two processes
checking at the same instant cannot both take the last place. Keys:
  limber:bucket:<kind>:<address>   a token bucket (hash: tokens, updated); expires once full
  limber:owned:<address>           the address's live sessions (sorted set: id -> claimed at)
"""

from __future__ import annotations

import redis

# The same rule as sessions.core.ratelimit.RateLimiter (tests check that they agree), with
# two differences a shared store needs: a caller whose clock is behind the bucket's last
# update gets no refill and moves nothing back; and a bucket left alone for `per_ms` is full,
# so it expires then instead of being kept.
_REFILL = """
local capacity, per_ms, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local stored = redis.call('hmget', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(stored[1]) or capacity
local updated = tonumber(stored[2]) or now
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) * (capacity / per_ms))
else
  now = updated
end
"""
_TAKE = _REFILL + """
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('hset', KEYS[1], 'tokens', string.format('%.17g', tokens),
           'updated', string.format('%d', now))
redis.call('pexpire', KEYS[1], per_ms)
return allowed
"""

# _TAKE's refill and test, changing nothing: whether a take now would be refused.
_BLOCKED = _REFILL + """
if tokens < 1 then return 1 end
return 0
"""

# A session counts while its row exists (it ends by deleting the row), or for `grace_ms`
# after its claim while its row is being written. Anything else is pruned here, so a count
# is never left too high by a process that died between claiming and saving.
_CLAIM = """
local most, now, grace_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local live = 0
local claims = redis.call('zrange', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #claims, 2 do
  local id, claimed_at = claims[i], tonumber(claims[i + 1])
  if id == ARGV[4] then
    return 1
  elseif redis.call('exists', ARGV[5] .. id) == 1 or claimed_at + grace_ms > now then
    live = live + 1
  else
    redis.call('zrem', KEYS[1], id)
  end
end
if live >= most then return 0 end
redis.call('zadd', KEYS[1], now, ARGV[4])
return 1
"""


def owned_key(prefix: str, address: str) -> str:
    """The sorted set of `address`'s live sessions (ending a session removes it there too:
    sessions.redis_store)."""
    return f"{prefix}:owned:{address}"


class RedisRateLimiter:
    """A token bucket per key, shared by every process: `capacity` per `per_ms`."""

    def __init__(self, client: redis.Redis, kind: str, capacity: int, per_ms: int,
                 prefix: str = "limber"):
        if capacity < 1 or per_ms < 1:
            raise ValueError("a rate limit needs a capacity and a period of at least 1")
        self.capacity = capacity
        self.per_ms = per_ms
        self.prefix = f"{prefix}:bucket:{kind}"
        self._take = client.register_script(_TAKE)
        self._blocked = client.register_script(_BLOCKED)

    def allow(self, key: str, now_ms: int) -> bool:
        return bool(self._take(keys=[f"{self.prefix}:{key}"],
                               args=[self.capacity, self.per_ms, int(now_ms)]))

    def blocked(self, key: str, now_ms: int) -> bool:
        """Whether `allow` would refuse now, taking nothing."""
        return bool(self._blocked(keys=[f"{self.prefix}:{key}"],
                                  args=[self.capacity, self.per_ms, int(now_ms)]))


class SessionQuota:
    """How many live sessions one address may hold at once, across every process."""

    def __init__(self, client: redis.Redis, most: int, prefix: str = "limber",
                 grace_ms: int = 10_000):
        self.client = client
        self.most = most
        self.prefix = prefix
        self.grace_ms = grace_ms
        self._claim = client.register_script(_CLAIM)

    def key(self, address: str) -> str:
        return owned_key(self.prefix, address)

    def claim(self, address: str, session_id: str, now_ms: int) -> bool:
        """Count `session_id` against `address`; False (nothing counted) if it is full.

        Claim before saving the session's row (`<prefix>:session:<id>`): the claim holds
        its place for `grace_ms`, then only the row does. Claiming again is allowed.
        """
        return bool(self._claim(keys=[self.key(address)],
                                args=[self.most, int(now_ms), self.grace_ms, session_id,
                                      f"{self.prefix}:session:"]))

    def release(self, address: str, session_id: str) -> None:
        """Give the place back at once: call it when the session ends (or its create fails).

        Without it an ended session still counts until `grace_ms` after its claim.
        """
        self.client.zrem(self.key(address), session_id)
