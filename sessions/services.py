"""The services every handler reaches, as one typed Flask extension: `Limber.of(app)`.

`create_app()` builds them and starts nothing; `start()` restores the last run's sessions
and starts the background work (the scheduler, scale-out's workers, the voice autobuild);
`stop()` stops it. `python app.py` and the test fixture call both, in that order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from flask import Flask, current_app

from .catalog import Catalog
from .clock import now_ms
from .config import Settings
from .core.ratelimit import RateLimiter
from .live import Live
from .store import Store
from .voice import Voice

if TYPE_CHECKING:  # only in Redis mode: the redis package is an optional extra
    from .cluster import ClusterLive

log = logging.getLogger(__name__)
# Attempts per address (capacity, per milliseconds): joining guards join codes against
# guessing.
JOIN_LIMIT = (20, 60_000)
CREATE_LIMIT = (10, 60_000)
CLINIC_LIMIT = (10, 60_000)  # wrong clinic keys: plenty to mistype, too few to guess


class Bucket(Protocol):
    def allow(self, key: str, now_ms: int) -> bool: ...
    def blocked(self, key: str, now_ms: int) -> bool: ...


@dataclass
class Limits:
    """Attempts per address, as token buckets: this process's own, or with Redis the
    cluster's (sessions.redis_limits), so they hold whichever process an attempt reaches."""

    join: Bucket
    create: Bucket
    clinic: Bucket

    @classmethod
    def alone(cls) -> "Limits":
        return cls(RateLimiter(*JOIN_LIMIT), RateLimiter(*CREATE_LIMIT),
                   RateLimiter(*CLINIC_LIMIT))


@dataclass
class Limber:
    settings: Settings
    catalog: Catalog
    voice: Voice
    live: Live | ClusterLive  # the same calls; with Redis, for sessions any process runs
    store: Store  # this server's SQLite: the history of runs (and, alone, live sessions)
    spawn: Callable  # starts a background task and returns it (socketio's, in the app)
    limits: Limits = field(default_factory=Limits.alone)
    clock: Callable[[], int] = now_ms  # the edges read it once per request

    def init_app(self, app: Flask) -> None:
        app.extensions["limber"] = self

    @staticmethod
    def of(app: Flask) -> "Limber":
        return app.extensions["limber"]

    def start(self) -> None:
        restored = self.live.restore(self.clock())
        if restored:
            log.info("restored %d live session(s) from the last run", restored)
        self.live.start(self.spawn)
        if self.settings.voice_autobuild:  # off by default: tests and offline machines ask nothing
            self.voice.start_background_build(list(self.catalog.library.routines.values()),
                                              self.catalog.options, spawn=self.spawn)

    def stop(self) -> None:
        self.live.stop()


def services() -> Limber:
    """The running app's services, inside a request or Socket.IO handler."""
    return Limber.of(current_app)
