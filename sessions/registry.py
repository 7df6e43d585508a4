"""The live sessions this process runs, by id and by join code, and the timelines they share."""

from __future__ import annotations

import secrets
import threading
import weakref

from .core import joincode
from .core.access import SessionError
from .core.timeline import Timeline
from .livesession import LiveSession


class Registry:
    def __init__(self):
        self.sessions: dict[str, LiveSession] = {}
        self.codes: dict[str, str] = {}  # join code -> session id
        self.lock = threading.RLock()  # held across a check and the change it allows
        # Sessions playing the same timeline share one copy of it (it is frozen).
        self._timelines: weakref.WeakValueDictionary[str, Timeline] = \
            weakref.WeakValueDictionary()

    def shared(self, timeline: Timeline) -> Timeline:
        return self._timelines.setdefault(timeline.hash, timeline)

    def timeline(self, timeline_hash: str) -> Timeline | None:
        return self._timelines.get(timeline_hash)

    def new_code(self) -> str:
        """A join code no live session here has (a clash is rare: 20^6 codes)."""
        with self.lock:
            code = None
            while code is None or code in self.codes:
                code = joincode.code_from_bytes(secrets.token_bytes(joincode.LENGTH))
            return code

    def owners(self) -> list[str]:
        return [s.owner for s in self.sessions.values()]

    def add(self, session: LiveSession) -> None:
        with self.lock:
            self.sessions[session.id] = session
            self.codes[session.code] = session.id

    def drop(self, session_id: str) -> LiveSession | None:
        with self.lock:
            session = self.sessions.pop(session_id, None)
            if session is not None:
                self.codes.pop(session.code, None)
            return session

    def get(self, session_id: str) -> LiveSession:
        session = self.sessions.get(session_id)
        if session is None:
            raise SessionError("no such session; it may have ended", "no_such_session")
        return session

    def find(self, code_or_id: str) -> LiveSession:
        """A session by its join code (as typed) or by its id."""
        code = joincode.normalize(code_or_id)
        session_id = self.codes.get(code) if code else code_or_id
        if session_id is None or session_id not in self.sessions:
            raise SessionError("no session with that code; check it, or it may have ended",
                               "no_such_session")
        return self.sessions[session_id]
