"""A token bucket per key. Pure: the caller passes the time."""

from __future__ import annotations


class RateLimiter:
    def __init__(self, capacity: int, per_ms: int, max_keys: int = 10_000):
        self.capacity = capacity
        self.refill_per_ms = capacity / per_ms
        self.max_keys = max_keys
        self.buckets: dict[str, tuple[float, int]] = {}  # key -> (tokens, updated_at)

    def allow(self, key: str, now_ms: int) -> bool:
        tokens, updated = self.buckets.get(key, (self.capacity, now_ms))
        tokens = min(self.capacity, tokens + (now_ms - updated) * self.refill_per_ms)
        allowed = tokens >= 1
        if len(self.buckets) >= self.max_keys and key not in self.buckets:
            self._forget_full(now_ms)
        self.buckets[key] = (tokens - 1 if allowed else tokens, now_ms)
        return allowed

    def blocked(self, key: str, now_ms: int) -> bool:
        """Whether `allow` would refuse now, taking nothing: to refuse before checking an
        attempt that only counts when it fails (a wrong clinic key)."""
        tokens, updated = self.buckets.get(key, (self.capacity, now_ms))
        return min(self.capacity, tokens + (now_ms - updated) * self.refill_per_ms) < 1

    def _forget_full(self, now_ms: int) -> None:
        """Drop keys whose buckets have refilled: they hold no information."""
        for key, (tokens, updated) in list(self.buckets.items()):
            if tokens + (now_ms - updated) * self.refill_per_ms >= self.capacity:
                del self.buckets[key]
