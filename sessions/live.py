"""The live shell: running sessions, their scheduler, and the events they send.

The runner (pure) decides; this module supplies the clock, keeps sessions in memory and
hands every event to `emit`. One scheduler thread sleeps until the earliest deadline or
heartbeat of all sessions, and is woken early whenever a command changes a deadline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from .core.events import Refused
from .core.runner import Runner
from .core.timeline import Timeline

HEARTBEAT_MS = 1000
Emit = Callable[[str, dict, str], None]  # (event name, payload, room)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionError(LookupError):
    """An unknown session or a command that is not allowed; the message says which."""


@dataclass
class LiveSession:
    id: str
    runner: Runner
    token_hash: str
    next_heartbeat: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def timeline(self) -> Timeline:
        return self.runner.timeline

    def snapshot(self, now: int, reason: str = "sync") -> dict:
        return {**self.runner.snapshot(now, reason).to_dict(), "session_id": self.id}

    def wake_at(self) -> int | None:
        deadline = self.runner.next_deadline()
        times = [t for t in (deadline, self.next_heartbeat) if t is not None]
        return min(times) if times else None


class Live:
    def __init__(self, emit: Emit, clock: Callable[[], int] = now_ms):
        self.emit = emit
        self.clock = clock
        self.sessions: dict[str, LiveSession] = {}
        self._wake = threading.Condition()
        self._stopped = False

    # -- commands (called from Socket.IO handlers) -------------------------------

    def create(self, timeline: Timeline) -> tuple[LiveSession, str]:
        token = secrets.token_urlsafe(16)  # 128 random bits
        session = LiveSession(secrets.token_urlsafe(9), Runner(timeline), hash_token(token))
        with self._wake:
            self.sessions[session.id] = session
        return session, token

    def get(self, session_id: str) -> LiveSession:
        session = self.sessions.get(session_id)
        if session is None:
            raise SessionError("no such session; it may have ended")
        return session

    def command(self, session_id: str, token: str, command: str,
                exercise_id: str | None = None) -> dict:
        """Apply a controller's command; returns the new snapshot or raises SessionError."""
        session = self.get(session_id)
        if not hmac.compare_digest(hash_token(token), session.token_hash):
            raise SessionError("only the controller can do that")
        with session.lock:
            now = self.clock()
            events = session.runner.handle(command, now, exercise_id)
            refused = [e for e in events if isinstance(e, Refused)]
            self._publish(session, [e for e in events if not isinstance(e, Refused)], now)
        if refused:
            raise SessionError(refused[0].reason)
        self.wake()
        return session.snapshot(now, command)

    # -- scheduler -----------------------------------------------------------------

    def wake(self) -> None:
        with self._wake:
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()

    def run(self) -> None:
        """Sleep until the earliest deadline, tick whatever is due, repeat."""
        while True:
            with self._wake:
                if self._stopped:
                    return
                due = self.due_at()
                delay = None if due is None else max(0, due - self.clock()) / 1000
                if delay is None or delay > 0:
                    self._wake.wait(timeout=delay)
                if self._stopped:
                    return
            self.tick()

    def due_at(self) -> int | None:
        times = [t for s in list(self.sessions.values()) if (t := s.wake_at()) is not None]
        return min(times) if times else None

    def tick(self) -> None:
        for session in list(self.sessions.values()):
            with session.lock:
                now = self.clock()
                self._publish(session, session.runner.tick(now), now)
                if session.next_heartbeat is not None and now >= session.next_heartbeat:
                    self._heartbeat(session, now)

    def _publish(self, session: LiveSession, events: list, now: int) -> None:
        for event in events:
            self.emit("state", {**event.to_dict(), "session_id": session.id}, session.id)
        if session.runner.state.status != "running":
            session.next_heartbeat = None
        elif session.next_heartbeat is None:
            session.next_heartbeat = now + HEARTBEAT_MS

    def _heartbeat(self, session: LiveSession, now: int) -> None:
        snap = session.runner.snapshot(now)
        self.emit("timer", {"session_id": session.id, "status": snap.status,
                            "index": snap.index, "remaining_ms": snap.remaining_ms,
                            "server_now": now}, session.id)
        session.next_heartbeat = now + HEARTBEAT_MS
