"""Who runs a session: a lease in Redis (set-if-absent with expiry, renewed while alive).

Only the holder may renew or release it; both checks run inside Redis (Lua), so a
process that stalled past its expiry cannot cut short the lease of the one that took over.
"""

from __future__ import annotations

import redis

_RENEW = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
          "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end")
_RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
            "return redis.call('del', KEYS[1]) else return 0 end")


class Leases:
    def __init__(self, client: redis.Redis, holder: str, ttl_ms: int, prefix: str = "limber"):
        self.client = client
        self.holder = holder
        self.ttl_ms = ttl_ms
        self.prefix = prefix
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def key(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    def acquire(self, name: str) -> bool:
        return bool(self.client.set(self.key(name), self.holder, nx=True, px=self.ttl_ms))

    def renew(self, name: str) -> bool:
        return bool(self._renew(keys=[self.key(name)], args=[self.holder, self.ttl_ms]))

    def release(self, name: str) -> bool:
        return bool(self._release(keys=[self.key(name)], args=[self.holder]))

    def holder_of(self, name: str) -> str | None:
        value = self.client.get(self.key(name))
        return value.decode() if value is not None else None
