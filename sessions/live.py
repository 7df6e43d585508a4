"""The live shell: the running sessions, their locks, their scheduler, and what they send.

The core decides (runner, roster, access, deadlines); this module keeps sessions in memory,
supplies randomness (codes, tokens, device ids and keys), and has every change stored before
anyone is told and every event handed to `emit` (sessions.publisher). It reads no clock:
each public method takes `now` from its caller (the edge reads the clock once per request),
and the scheduler thread reads it once per wake and passes it to `tick(now)`. Every event is emitted
while its session is locked, so each device gets a session's events in the order they were
produced.
"""

from __future__ import annotations

import logging
import secrets
from contextlib import ExitStack
from typing import Callable

from . import adoption
from .clock import now_ms
from .core import access, deadlines
from .core.access import SessionError, hash_secret
from .core.events import Refused
from .core.roster import DEVICE_GRACE_MS, Roster
from .core.runner import Runner
from .core.timeline import Timeline
from .livesession import LiveSession
from .publisher import Emit, Publisher
from .registry import Registry
from .scheduler import Scheduler
from .store import Store

log = logging.getLogger(__name__)


def new_session_id() -> str:
    return secrets.token_urlsafe(12)  # 96 random bits


def alone(process: str) -> bool:
    """Whether a device's server process still holds its socket: never, when alone."""
    return False


class Live:
    def __init__(self, emit: Emit, store: Store | None = None,
                 describe: Callable[[Timeline], dict] = Timeline.to_dict,
                 clock: Callable[[], int] = now_ms, idle_ms: int = 30 * 60_000,
                 max_followers: int = 8, max_sessions_per_owner: int = 5,
                 device_grace_ms: int = DEVICE_GRACE_MS, process_id: str = "",
                 process_alive: Callable[[str], bool] = alone):
        self.emit = emit
        self.store = store
        self.describe = describe  # a timeline as clients get it (with audio URLs, say)
        self.clock = clock  # read only by the scheduler thread, once per wake
        self.idle_ms = idle_ms
        self.max_followers = max_followers
        self.max_sessions_per_owner = max_sessions_per_owner
        self.device_grace_ms = device_grace_ms
        # Scale-out (sessions.cluster): this process's id, given to the devices joining
        # here, and whether another process still holds a device's socket.
        self.process_id = process_id
        self.process_alive = process_alive
        self.registry = Registry()
        self.client_sessions: dict[str, set[str]] = {}  # socket id -> session ids
        self.scheduler = Scheduler(clock)
        self.publish = Publisher(emit, store, self.reschedule)
        self._tasks: list = []

    # -- sessions ------------------------------------------------------------------

    def create(self, timeline: Timeline, options: dict | None = None, owner: str = "", *,
               now: int, session_id: str | None = None) -> tuple[LiveSession, str]:
        """A new session; `session_id` if given (scale-out leases it first), else a new one."""
        token = secrets.token_urlsafe(16)  # 128 random bits
        with self.registry.lock:
            access.check_owner_limit(owner, self.registry.owners(),
                                     self.max_sessions_per_owner, self.idle_ms)
            session = LiveSession(session_id or new_session_id(), self.registry.new_code(),
                                  Runner(self.registry.shared(timeline)), hash_secret(token),
                                  options or {}, Roster(unattended_since=now), owner=owner)
            self.registry.add(session)
        self.publish.save(session, now, timeline_changed=True)
        self.reschedule(session)
        return session, token

    def info(self, session: LiveSession, now: int) -> dict:
        timeline = session.timeline
        described = self.describe(timeline)  # the slow part, unlocked: timelines are frozen
        with session.lock:  # the state read with its time, never across a tick or command
            if session.timeline is not timeline:  # configured meanwhile
                described = self.describe(session.timeline)
            return session.info(session.at(now), lambda _: described)

    @property
    def sessions(self) -> dict[str, LiveSession]:
        return self.registry.sessions

    def get(self, session_id: str) -> LiveSession:
        return self.registry.get(session_id)

    def find(self, code_or_id: str) -> LiveSession:
        return self.registry.find(code_or_id)

    def resolve(self, code_or_id: str) -> str:
        """The id of a live session, by its join code (as typed) or by its id."""
        return self.find(code_or_id).id

    def join(self, code_or_id: str, client: str, token: str | None = None, name: str = "",
             device_key: str | None = None, heartbeat: bool = False, *, now: int) -> dict:
        """Add a device, or bring back the one whose `device_key` this is; the control
        token, if right, makes it the controller; `heartbeat` sends it the 1 Hz `timer`.
        Returns the session info plus the device's `role`, `device_id` and `device_key`
        (to present on its next re-join)."""
        info = self.add_device(code_or_id, client, token, name, device_key, self.process_id,
                               heartbeat, now=now)
        self.client_sessions.setdefault(client, set()).add(info["session_id"])
        return info

    def add_device(self, code_or_id: str, client: str, token: str | None, name: str,
                   device_key: str | None, process: str, heartbeat: bool = False, *,
                   now: int, fresh_key: str | None = None) -> dict:
        """Live.join's work; `fresh_key`, the key a new (or keyless) device gets, is given by
        a caller that may send the same join twice (scale-out), so both copies agree."""
        session = self.find(code_or_id)
        presented = hash_secret(device_key) if device_key else None
        fresh_key = fresh_key or secrets.token_urlsafe(16)
        with session.lock:
            device = session.roster.join(
                client, access.role_for(session.token_hash, token), name, presented,
                (secrets.token_urlsafe(6), hash_secret(fresh_key)), self.max_followers,
                process, heartbeat)
            self.publish.beat_if_wanted(session, session.at(now))
        kept = device_key if device.key_hash == presented else fresh_key
        self.publish.roster(session, now)
        return {**self.info(session, now), "role": device.role, "device_id": device.id,
                "device_key": kept}

    def options(self, session_id: str) -> dict:
        """What the session's timeline was built from (routine_id, pace, exercises, ...)."""
        return dict(self.get(session_id).options)

    def leave(self, client: str, *, now: int) -> None:
        """A socket closed: its devices are marked gone; their sessions run on."""
        for session_id in self.client_sessions.pop(client, set()):
            try:
                self.remove_device(session_id, client, now=now)
            except SessionError:
                pass  # the session ended meanwhile

    def remove_device(self, session_id: str, client: str, *, now: int) -> None:
        session = self.get(session_id)
        with session.lock:
            changed = session.roster.leave(client, session.at(now))
        if changed:
            self.publish.roster(session, now)

    def report(self, session_id: str, client: str, *, now: int, **status) -> None:
        """A device's own news: audio unlocked, muted, clock offset and round trip."""
        session = self.get(session_id)
        with session.lock:
            session.roster.report(client, status)
        self.publish.roster(session, now)

    # -- control -------------------------------------------------------------------

    def command(self, session_id: str, client: str, token: str | None, command: str,
                exercise_id: str | None = None, *, now: int,
                command_id: str | None = None) -> dict:
        """Apply a command; returns the new snapshot or raises SessionError. A command sent
        again with the `command_id` of one applied (scale-out sends a call again when its
        answer is late) is answered as the first time and not applied again: the session
        stores the ids with its state (sessions.core.answered)."""
        session = self.get(session_id)
        with session.lock:
            now = session.at(now)
            first = session.answered.get(command_id)
            if first is not None:
                return first
            device = session.roster.by_client(client)
            access.authorise(session.token_hash, token, session.shared_control, device,
                             command)
            events = session.runner.handle(command, now, exercise_id)
            refused = [e for e in events if isinstance(e, Refused)]
            if refused:  # nothing changed but the steps it caught up on
                steps = [e for e in events if not isinstance(e, Refused)]
                self.publish.many([(session, steps)], now)
                raise SessionError(refused[0].reason, refused[0].code)
            if command == "pause":
                session.paused_now_by(device, token)
            answer = session.snapshot(now, command)
            if command_id:
                session.answered = session.answered.add(command_id, answer, now)
            self.publish.many([(session, events)], now)  # stored with its id, then told
            return answer

    def configure(self, session_id: str, token: str | None, timeline: Timeline,
                  options: dict, *, now: int) -> dict:
        """Replace the timeline (new dose, pace or exercises) before the session starts."""
        session = self.get(session_id)
        with session.lock:
            now = session.at(now)
            access.require_controller(session.token_hash, token, "change the routine")
            if session.runner.state.status != "ready":
                raise SessionError("the dose can only be changed before starting", "not_ready")
            session.runner = Runner(self.registry.shared(timeline))
            session.options = options
            self.publish.save(session, now, timeline_changed=True)
            self.reschedule(session)
            info = self.info(session, now)
            self.emit("session", info, session.id)
        return info

    def share_control(self, session_id: str, token: str | None, enabled: bool, *,
                      now: int) -> dict:
        session = self.get(session_id)
        with session.lock:
            access.require_controller(session.token_hash, token, "share control")
            session.shared_control = bool(enabled)
        return self.publish.roster(session, now)

    def end(self, session_id: str, token: str | None, *, now: int) -> None:
        """End a session: from any socket, joined or not, that holds its control token."""
        session = self.get(session_id)
        with session.lock:  # no step can be sent after "ended"
            access.require_controller(session.token_hash, token, "end the session")
            self._remove(session, "ended by the controller", session.at(now))

    def _remove(self, session: LiveSession, reason: str, now: int,
                outcome: str = "ended") -> None:
        self.registry.drop(session.id)
        self.scheduler.set(session.id, None)
        self.publish.ended(session, reason, now, outcome)

    # -- the scheduler thread ------------------------------------------------------

    def start(self, spawn: Callable) -> None:
        """Run the scheduler in the background; `spawn(fn)` starts a task and returns it."""
        self._tasks.append(spawn(self.run))

    def stop(self) -> None:
        self.scheduler.stop()
        for task in self._tasks:
            task.join(5)
        self._tasks.clear()

    def run(self) -> None:
        """Sleep until the earliest time any session is due, serve what is due, repeat."""
        while (now := self.scheduler.wait()) is not None:
            try:
                self.tick(now)
            except Exception:  # one bad wake must not stop every session's clock
                log.exception("live: tick failed")

    def reschedule(self, session: LiveSession) -> None:
        if session.id in self.sessions:
            self.scheduler.set(session.id, session.wake_at(self.idle_ms, self.device_grace_ms))

    def tick(self, now: int) -> None:
        """Serve every session due at `now`: expiry, step changes, dropped devices, heartbeat.

        Sessions due together (many started at once share their step times) are saved in
        one write, then told; their locks are held throughout, so a command cannot slip
        between a step change being stored and being sent.
        """
        due = sorted((s for sid in self.scheduler.pop_due(now)
                      if (s := self.sessions.get(sid)) is not None), key=lambda s: s.id)
        with ExitStack() as held:
            for session in due:  # always in id order: no deadlock between two tickers
                held.enter_context(session.lock)
            # one time for the batch, no earlier than any change already made to one of them
            now = max([now, *(session.last_now for session in due)])
            for session in due:
                session.at(now)
            batch, pruned = [], []
            for session in due:
                if deadlines.abandoned(session.roster.unattended_since, self.idle_ms, now):
                    self._remove(session, "no device was connected for too long", now,
                                 "abandoned")
                    continue
                batch.append((session, session.runner.tick(now)))
                if session.roster.prune(now, self.device_grace_ms):
                    pruned.append(session)
            self.publish.many(batch, now, pruned)
            for session, _ in batch:
                if deadlines.heartbeat_due(session.next_heartbeat, now):
                    self.publish.heartbeat(session, now)
                self.reschedule(session)

    # -- after a restart ------------------------------------------------------------

    def restore(self, now: int) -> int:
        """Run here the sessions a previous process left (sessions.adoption)."""
        return adoption.restore(self, now)
