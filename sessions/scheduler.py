"""When each live session next needs attention, kept in a heap.

One thread waits for the earliest time (woken early when an earlier one is set), reading
the clock once per wake, and takes the keys due at that time: no scan of every session on
every wake. Entries are replaced lazily: setting a key's time pushes a new entry and the
old one is skipped.
"""

from __future__ import annotations

import heapq
import threading
from typing import Callable


class Scheduler:
    def __init__(self, clock: Callable[[], int]):
        self.clock = clock
        self._heap: list[tuple[int, str]] = []
        self._due: dict[str, int] = {}  # key -> its one current time
        self._cond = threading.Condition()
        self._stopped = False

    def set(self, key: str, when: int | None) -> None:
        """Schedule `key` at `when` (ms), or unschedule it with None."""
        with self._cond:
            if self._due.get(key) == when:
                return
            if when is None:
                self._due.pop(key, None)
                return
            earliest = self.next_due()
            self._due[key] = when
            heapq.heappush(self._heap, (when, key))
            if earliest is None or when < earliest:
                self._cond.notify()

    def next_due(self) -> int | None:
        with self._cond:
            while self._heap and self._due.get(self._heap[0][1]) != self._heap[0][0]:
                heapq.heappop(self._heap)  # a replaced or cancelled entry
            return self._heap[0][0] if self._heap else None

    def pop_due(self, now: int) -> list[str]:
        """Every key due at or before `now`, once each; they are unscheduled."""
        keys = []
        with self._cond:
            while (due := self.next_due()) is not None and due <= now:
                _, key = heapq.heappop(self._heap)
                del self._due[key]
                keys.append(key)
        return keys

    def wait(self) -> int | None:
        """Block until something is due; returns the time then (the clock is read once per
        wake, and the caller serves what is due at that time), or None once stopped."""
        with self._cond:
            while not self._stopped:
                due = self.next_due()
                now = self.clock()
                if due is not None and due <= now:
                    return now
                self._cond.wait(timeout=None if due is None else (due - now) / 1000)
            return None

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    @property
    def stopped(self) -> bool:
        return self._stopped
