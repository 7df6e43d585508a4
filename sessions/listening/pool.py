"""The listening devices of this process: one Listener each, up to a global cap.

A slot is taken before the decoder is made (making one loads the model: a tenth of a second
or more) so that the cap holds while several devices start at once; releasing a device
frees its slot at once, and its decoder as soon as a chunk being decoded is done.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from ..core.refusals import Refusal
from .listener import Listener
from .recogniser import Recogniser, Unavailable

_STARTING = object()  # a slot taken while the device's decoder is being made


class Listening:
    def __init__(self, max_listeners: int = 8,
                 make: Callable[[list[str]], Recogniser] = Recogniser, workers: int = 2,
                 backlog_ms: int = 5000, on_stop: Callable[[], None] = lambda: None):
        self.max_listeners = max_listeners
        self.backlog_ms = backlog_ms
        self._make = make
        self._on_stop = on_stop  # the decoders' processes, if they have any
        # Decoding is CPU-bound C: more threads than cores would only queue for them.
        self._workers = ThreadPoolExecutor(workers, thread_name_prefix="listening")
        self._by_sid: dict[str, object] = {}
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self._by_sid)

    def get(self, sid: str) -> Listener | None:
        listener = self._by_sid.get(sid)
        return listener if isinstance(listener, Listener) else None

    def start(self, sid: str, session_id: str, token: str | None,
              cue_texts: list[str]) -> Listener:
        """This device's listener (a new one, or the one it has for this session); raises
        Refusal voice_busy at the cap, voice_unavailable without a recogniser."""
        if self.max_listeners <= 0:
            raise Refusal("voice control is turned off on this server; use the buttons",
                          "voice_unavailable")
        with self._lock:
            current = self._by_sid.get(sid)
            if isinstance(current, Listener) and current.session_id == session_id:
                current.token = token
                return current
            if current is not None:
                self._release(sid)
            if len(self._by_sid) >= self.max_listeners:
                raise Refusal(f"the server is already listening to {self.max_listeners} "
                              f"devices, as many as it can; use the buttons for now, or try "
                              f"again later", "voice_busy")
            self._by_sid[sid] = _STARTING
        try:
            listener = Listener(sid, session_id, token, self._make(cue_texts),
                                backlog_ms=self.backlog_ms)
        except Unavailable as err:
            with self._lock:
                self._by_sid.pop(sid, None)
            raise Refusal(f"voice control is unavailable on this server: {err}; use the "
                          f"buttons", "voice_unavailable") from None
        except BaseException:
            with self._lock:
                self._by_sid.pop(sid, None)
            raise
        with self._lock:
            if self._by_sid.get(sid) is _STARTING:  # not released meanwhile
                self._by_sid[sid] = listener
            else:
                listener.close()
        return listener

    def stop(self) -> None:
        """The server is stopping: every device released, the decoders' processes ended."""
        with self._lock:
            for sid in list(self._by_sid):
                self._release(sid)
        self._workers.shutdown(wait=False, cancel_futures=True)
        self._on_stop()

    def decode(self, listener: Listener, work: Callable[[], None]) -> None:
        """Run `work` (which drains `listener`) on a decoding thread, unless one already
        is draining it."""
        if listener.claim():
            self._workers.submit(work)

    def release(self, sid: str) -> Listener | None:
        """Stop listening to `sid`; returns its listener, if it had one."""
        with self._lock:
            return self._release(sid)

    def release_session(self, session_id: str) -> list[str]:
        """Stop listening to every device of a session that ended; returns their sids."""
        with self._lock:
            sids = [sid for sid, listener in self._by_sid.items()
                    if isinstance(listener, Listener) and listener.session_id == session_id]
            for sid in sids:
                self._release(sid)
        return sids

    def _release(self, sid: str) -> Listener | None:
        listener = self._by_sid.pop(sid, None)
        if isinstance(listener, Listener):
            listener.close()
            return listener
        return None
