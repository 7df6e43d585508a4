"""Two app processes over a private Redis, and devices that keep everything they receive.

For the black-box cluster tests and bench/takeover.py: servers are `python app.py`
subprocesses on loopback, devices are python-socketio clients.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import socketio

from .redis_server import RedisServer
from .server import LimberServer

RECORDED = ("state", "timer", "devices", "session", "ended")


def epoch_ms() -> int:
    return time.time_ns() // 1_000_000


class Watcher:
    """A device: every session event it receives, in arrival order, as (name, payload)."""

    def __init__(self, url: str, address: str | None = None):
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, dict]] = []
        self.arrived: list[int] = []  # epoch ms at which each event arrived
        self._arrived = threading.Condition()
        for name in RECORDED:
            self.client.on(name, lambda payload, name=name: self._record(name, payload))
        headers = {"X-Forwarded-For": address} if address else {}
        self.client.connect(url, transports=["websocket"], headers=headers, wait_timeout=20)

    def _record(self, name: str, payload: dict) -> None:
        with self._arrived:
            self.events.append((name, payload))
            self.arrived.append(epoch_ms())
            self._arrived.notify_all()

    def call(self, event: str, payload: dict, timeout: float = 20) -> dict:
        return self.client.call(event, payload, timeout=timeout)

    def wait_for(self, match, start: int = 0, timeout: float = 60) -> int:
        """The index in `events` of the first event from `start` on that `match(name,
        payload)` accepts, waiting for it; AssertionError if none comes in `timeout` s."""
        end = time.monotonic() + timeout
        with self._arrived:
            while True:
                for i in range(start, len(self.events)):
                    if match(*self.events[i]):
                        return i
                start = len(self.events)
                left = end - time.monotonic()
                assert left > 0, f"no such event within {timeout} s; got {self.events[-5:]}"
                self._arrived.wait(left)

    def close(self) -> None:
        """Disconnect without waiting (the websocket close handshake takes seconds)."""
        threading.Thread(target=self.client.disconnect, daemon=True).start()


def states(events: list[tuple[str, dict]], session_id: str) -> list[dict]:
    return [p for name, p in events if name == "state" and p.get("session_id") == session_id]


def index_at(snapshot: dict, durations: list[int], now: int) -> int:
    """The step a running session is on at `now`, by the schedule in `snapshot`."""
    index, started = snapshot["index"], snapshot["step_started_at"]
    while index + 1 < len(durations) and now >= started + durations[index]:
        started += durations[index]
        index += 1
    return index


def freeze(server: LimberServer) -> int:
    """SIGSTOP the server; returns the epoch ms by which it had stopped running."""
    server.proc.send_signal(signal.SIGSTOP)
    stat = Path(f"/proc/{server.proc.pid}/stat")
    end = time.monotonic() + 10
    while stat.read_text().rsplit(")", 1)[1].split()[0] != "T":
        assert time.monotonic() < end, "the server did not stop"
        time.sleep(0.005)
    return epoch_ms()


def thaw(server: LimberServer) -> None:
    os.kill(server.proc.pid, signal.SIGCONT)


def kill(server: LimberServer) -> int:
    """kill -9 the server; returns the epoch ms by which it was dead."""
    server.kill()
    return epoch_ms()


class Pair:
    """A private redis-server and two app processes sharing it: `with Pair(dir) as (a, b)`."""

    def __init__(self, data_dir: Path, **settings):
        self.data_dir = Path(data_dir)
        self.settings = settings
        self._stack = ExitStack()
        self.redis_url = ""
        self.servers: list[LimberServer] = []

    def __enter__(self) -> list[LimberServer]:
        with ExitStack() as stack:
            self.redis_url = stack.enter_context(RedisServer())
            for _ in range(2):  # one data directory, as on one host (docs/deploy.md)
                server = LimberServer(self.data_dir, redis_url=self.redis_url,
                                      **self.settings)
                stack.callback(server.stop)
                server.start()
                self.servers.append(server)
            self._stack = stack.pop_all()
        return self.servers

    def restart(self, i: int) -> LimberServer:
        """Start server `i` again (after a kill), on its port and settings."""
        self.servers[i].start()
        return self.servers[i]

    def __exit__(self, *exc) -> None:
        self._stack.close()
