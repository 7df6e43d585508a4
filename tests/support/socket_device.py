"""A device on a real network: a python-socketio client that re-joins its session after
every (re)connect, as the page does, and records every `state` it is sent."""

from __future__ import annotations

import threading
import time

import socketio

# Only fails a test whose event never comes; nothing is asserted about how soon it came.
HUNG_S = 30


class Device:
    def __init__(self, url: str, join: dict | None = None):
        self.client = socketio.Client(reconnection_delay=0.05, reconnection_delay_max=0.2,
                                      randomization_factor=0)
        self.join_payload = join
        self.states: list[dict] = []
        self.joins: list[tuple[float, dict]] = []  # (monotonic time, ack): bench figures only
        self.rejoined = threading.Event()
        self._changed = threading.Condition()
        self.client.on("state", self._on_state)
        self.client.on("connect", self._on_connect)
        self.client.connect(url, transports=["websocket"], wait_timeout=10)

    def _on_state(self, state: dict) -> None:
        with self._changed:
            self.states.append(state)
            self._changed.notify_all()

    def _on_connect(self) -> None:
        if self.join_payload:
            threading.Thread(target=self._rejoin, daemon=True).start()

    def _rejoin(self) -> None:
        ack = self.client.call("join", self.join_payload, timeout=10)
        self.joins.append((time.monotonic(), ack))
        self.rejoined.set()

    def call(self, event: str, payload: dict) -> dict:
        return self.client.call(event, payload, timeout=10)

    def next_state(self, predicate, after: int) -> dict:
        """The first state event from `self.states[after:]` on that matches, once it comes."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((s for s in self.states[after:] if predicate(s)), None), HUNG_S)
        assert found, f"no such state; saw {[s['reason'] for s in self.states[after:]]}"
        return found
