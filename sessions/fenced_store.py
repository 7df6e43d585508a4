"""The store as a scale-out process's own Live sees it: fenced writes (sessions.redis_store),
and what a refused one means here.

A write the fence refuses means another process runs the session now: it is dropped here
(`lost`). While this process answers a call (`with answering():`, its own device's or
another process's), the call fails too, and is routed again to the new holder; in the
scheduler's tick, the sessions due with the lost one carry on.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable

from .lease import Leases
from .redis_store import LeaseLost, RedisStore

_answering: ContextVar[bool] = ContextVar("answering", default=False)


@contextmanager
def answering():
    reset = _answering.set(True)
    try:
        yield
    finally:
        _answering.reset(reset)


class FencedStore:
    """The calls the local Live makes on its store."""

    def __init__(self, store: RedisStore, leases: Leases, lost: Callable[[str], None]):
        self.store = store
        self.leases = leases
        self.lost = lost

    def save_timeline(self, timeline_hash: str, body: dict) -> None:
        self.store.save_timeline(timeline_hash, body)

    def save_sessions(self, rows: list[dict]) -> None:
        self._fenced(self.store.save_sessions, rows)

    def end_session(self, session_id: str, run: dict | None) -> None:
        self._fenced(self.store.end_session, session_id, run)

    def record_run(self, run: dict) -> None:
        if self.leases.holds(run["session_id"]):  # else its holder records it
            self.store.record_run(run)

    def _fenced(self, write, *args) -> None:
        try:
            write(*args)
        except LeaseLost as lost:
            for session_id in lost.session_ids:
                self.lost(session_id)
            if _answering.get():
                raise
