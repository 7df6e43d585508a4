"""One listening device: its endpointer feeding its recogniser, and the chunks waiting.

Chunks are queued in the order they arrive (on the thread reading the device's socket) and
decoded elsewhere by one worker at a time per device (`claim` says when to start one), so a
device's audio is decoded in order and a slow decode never holds up the socket. Waiting
audio is capped: a device whose decoding falls behind loses the utterance in progress (and
is told), never the server's memory. Audio lives only here, in memory, until it is decoded.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Callable

from ..core import spoken
from ..core.endpointer import Began, Dropped, Endpointer, Ended, Speech, Tuning
from .recogniser import Recogniser

BYTES_PER_MS = 16_000 * 2 // 1000  # 16 kHz int16 mono


class Listener:
    def __init__(self, sid: str, session_id: str, token: str | None, recogniser: Recogniser,
                 tuning: Tuning | None = None,
                 backlog_ms: int = 5000):
        self.sid = sid
        self.session_id = session_id
        self.token = token  # the control token the device gave, if it has one: its rights
        self.asked_at: int | None = None  # when "stop" was heard, awaiting yes/no
        self.closed = False
        self._recogniser = recogniser
        self._endpointer = Endpointer(tuning or Tuning())
        self._waiting: deque[bytes] = deque()
        self._waiting_bytes = 0
        self._max_waiting_bytes = backlog_ms * BYTES_PER_MS
        self._busy = False
        self._lock = threading.Lock()
        self._warned: set[str] = set()

    def warn_once(self, problem: str) -> bool:
        """Whether `problem` is news to this device (each is told once, not per chunk)."""
        with self._lock:
            news = problem not in self._warned
            self._warned.add(problem)
            return news

    def take(self, chunk: bytes) -> bool:
        """Queue a chunk; False (and the utterance in progress forgotten) when too much is
        waiting already."""
        with self._lock:
            if self._waiting_bytes + len(chunk) > self._max_waiting_bytes:
                self._waiting.clear()
                self._waiting_bytes = 0
                self._waiting.append(None)  # a gap: the decoder forgets what it had
                return False
            self._waiting.append(chunk)
            self._waiting_bytes += len(chunk)
            return True

    def gap(self) -> None:
        """The app is speaking: what is being heard now is not the user."""
        with self._lock:
            self._waiting.append(None)

    def close(self) -> None:
        """Stop listening: the decoder is freed now, or by the drain under way as it ends."""
        with self._lock:
            if self.closed:
                return
            self.closed = True
            free = not self._busy
        if free:
            self._recogniser.close()

    def claim(self) -> bool:
        """Whether the caller should start `drain` (no one is decoding this device now)."""
        with self._lock:
            if self._busy or self.closed or not self._waiting:
                return False
            self._busy = True
            return True

    def drain(self, heard: Callable[[str], None]) -> None:
        """Decode what is waiting (after a successful `claim`); `heard(command)` for each
        command recognised."""
        while True:
            with self._lock:  # found empty and no longer busy at once: no chunk is stranded
                if self.closed or not self._waiting:
                    self._stop_draining()
                    return
                chunk = self._waiting.popleft()
                self._waiting_bytes -= len(chunk or b"")
            try:
                events = self._endpointer.gap() if chunk is None else self._endpointer.feed(chunk)
                for command in self._decode(events):
                    heard(command)
            except Exception:
                with self._lock:
                    self._stop_draining()
                raise

    def _stop_draining(self) -> None:
        """(Under the lock.) Not busy any more; a close that came meanwhile is done now."""
        self._busy = False
        if self.closed:
            self._recogniser.close()

    def _decode(self, events: list) -> list[str]:
        out = []
        speech: list[bytes] = []  # a chunk's frames go to the decoder at once, not one by one
        for event in events:
            if isinstance(event, Speech):
                speech.append(event.audio)
                continue
            self._recogniser.more(b"".join(speech))
            speech.clear()
            if isinstance(event, Began):
                self._recogniser.begin(event.audio)
            elif isinstance(event, Ended):
                command = spoken.heard(self._recogniser.end())
                if command:
                    out.append(command)
            elif isinstance(event, Dropped):
                self._recogniser.drop()
        self._recogniser.more(b"".join(speech))
        return out
