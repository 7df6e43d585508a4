"""Who runs a session: a lease in Redis (set-if-absent with expiry, renewed while alive).

Only the holder may renew or release it; both checks run inside Redis (Lua), so a
process that stalled past its expiry cannot cut short the lease of the one that took over.
Every lease's expiry (Redis's own clock) is also kept in one sorted set, so a process finds
the lapsed ones, sessions whose owner died, with one range query instead of reading every
lease.

This process's own view: a lease is surely held until the monotonic time read just before
the request that acquired or last renewed it, plus the lease time (Redis started the expiry
after that read). `holds()` answers no from a margin before then: an event sent after that
might arrive when another process already runs the session.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

import redis

_NOW = "local t = redis.call('time') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
_ACQUIRE = _NOW + """
if not redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
redis.call('zadd', KEYS[2], now + ARGV[2], ARGV[3])
return 1
"""
# KEYS: the expiry set, then one lease key per name; ARGV: holder, ttl, then the names.
_RENEW = _NOW + """
local renewed = {}
for i = 2, #KEYS do
  if redis.call('get', KEYS[i]) == ARGV[1] then
    redis.call('pexpire', KEYS[i], ARGV[2])
    redis.call('zadd', KEYS[1], now + ARGV[2], ARGV[i + 1])
    renewed[#renewed + 1] = 1
  else
    renewed[#renewed + 1] = 0
  end
end
return renewed
"""
# Released: free at once, and due in the expiry set so another process takes it now.
_RELEASE = """
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
redis.call('zadd', KEYS[2], 0, ARGV[2])
return 1
"""
# Retired: the session is gone (no row to run); nobody need look for it again.
_RETIRE = """
local holder = redis.call('get', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
redis.call('zrem', KEYS[2], ARGV[2])
return 1
"""
_LAPSED = _NOW + "return redis.call('zrangebyscore', KEYS[1], '-inf', now, 'LIMIT', 0, ARGV[1])"


class Leases:
    def __init__(self, client: redis.Redis, holder: str, ttl_ms: int, prefix: str = "limber",
                 margin_ms: int = 100, clock: Callable[[], float] = time.monotonic):
        if ttl_ms <= 2 * margin_ms:
            raise ValueError(f"a lease of {ttl_ms} ms leaves no time past its {margin_ms} ms "
                             f"margin")
        self.client = client
        self.holder = holder
        self.ttl_ms = ttl_ms
        self.prefix = prefix
        self.expiries = f"{prefix}:lease-expiries"
        self.margin_s = margin_ms / 1000
        self.clock = clock
        self._held: dict[str, float] = {}  # name -> monotonic time until which it is ours
        self._lock = threading.Lock()
        self._acquire = client.register_script(_ACQUIRE)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)
        self._retire = client.register_script(_RETIRE)
        self._lapsed = client.register_script(_LAPSED)

    def key(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    def acquire(self, name: str) -> bool:
        sent = self.clock()
        if not self._acquire(keys=[self.key(name), self.expiries],
                             args=[self.holder, self.ttl_ms, name]):
            return False
        with self._lock:
            self._held[name] = sent + self.ttl_ms / 1000
        return True

    def renew_all(self) -> list[str]:
        """Renew every lease held here, in one round trip; returns the names lost (another
        process holds them now, or they lapsed), which are no longer held here."""
        return self._renew_names(self.held())

    def confirm(self, name: str) -> bool:
        """Whether this process holds `name` with time to spare. When its own view has run
        out (the renewals came late: a busy moment), Redis is asked, and a lease still
        ours is renewed there and then."""
        if self.holds(name):
            return True
        return name in self._held and not self._renew_names([name]) and self.holds(name)

    def _renew_names(self, names: list[str]) -> list[str]:
        if not names:
            return []
        sent = self.clock()
        renewed = self._renew(keys=[self.expiries, *map(self.key, names)],
                              args=[self.holder, self.ttl_ms, *names])
        lost = []
        with self._lock:
            for name, ok in zip(names, renewed):
                if name not in self._held:
                    continue  # released meanwhile
                if ok:
                    self._held[name] = sent + self.ttl_ms / 1000
                else:
                    del self._held[name]
                    lost.append(name)
        return lost

    def holds(self, name: str) -> bool:
        """Whether this process is sure to hold `name` now, with time to spare."""
        until = self._held.get(name)
        return until is not None and self.clock() < until - self.margin_s

    def held(self) -> list[str]:
        with self._lock:
            return list(self._held)

    def drop(self, name: str) -> bool:
        """Stop counting `name` as held here (Redis unchanged); whether it was."""
        with self._lock:
            return self._held.pop(name, None) is not None

    def release(self, name: str) -> bool:
        """Give the lease up for another process to take at once (if it is still ours)."""
        self.drop(name)
        return bool(self._release(keys=[self.key(name), self.expiries],
                                  args=[self.holder, name]))

    def retire(self, name: str) -> bool:
        """Give the lease up and stop anyone looking for it: its session is gone."""
        self.drop(name)
        return bool(self._retire(keys=[self.key(name), self.expiries],
                                 args=[self.holder, name]))

    def lapsed(self, limit: int = 100) -> list[str]:
        """Names whose lease expired by Redis's clock (their holder died or let go)."""
        return [n.decode() for n in self._lapsed(keys=[self.expiries], args=[limit])]

    def holder_of(self, name: str) -> str | None:
        value = self.client.get(self.key(name))
        return value.decode() if value is not None else None
