"""Helpers for tests that drive the live shell in-process: a fake monotonic clock, a
recording emit, timelines of plain steps, a thread spawner."""

from __future__ import annotations

import threading

from sessions.core.timeline import Clinic, Step, Timeline


class FakeClock:
    """A monotonic clock (seconds) that moves only when a test sets `t`."""

    def __init__(self, t: float = 100.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


class Sent(list):
    """An emit that keeps every (event, payload, room) it is given."""

    def __call__(self, event: str, data: dict, room: str) -> None:
        self.append((event, data, room))

    def named(self, event: str) -> list[dict]:
        return [data for name, data, _ in self if name == event]


def timeline(*durations_ms: int, cue: str = "Hold.") -> Timeline:
    """Timed steps of these lengths (the first speaks `cue`), then a short last one."""
    steps = tuple(Step(i, "hold", ms, True, cue if i == 0 else f"Step {i}.")
                  for i, ms in enumerate(durations_ms))
    return Timeline("r", "R", "en", "standard",
                    (*steps, Step(len(steps), "done", 1000, False, "Done.")), (), Clinic())


def spawn(fn) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    return thread
