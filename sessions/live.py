"""The live shell: running sessions, their devices, their scheduler, and what they send.

The runner (pure) decides; this module supplies the clock and randomness, keeps sessions
in memory and hands every event to `emit`. One scheduler thread sleeps until the earliest
deadline, heartbeat or idle expiry of all sessions, and is woken early whenever a command
changes one.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
import time
import weakref
from contextlib import ExitStack
from dataclasses import dataclass, field, fields
from typing import Callable

from .core import joincode
from .core.events import Refused
from .core.refusals import Refusal
from .core.history import RunStats, account
from .core.runner import Runner, RunnerState
from .core.timeline import Timeline
from .scheduler import Scheduler
from .store import Store

HEARTBEAT_MS = 1000
log = logging.getLogger(__name__)
Emit = Callable[[str, dict, str], None]  # (event name, payload, room or client id)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionError(Refusal, LookupError):
    """An unknown session or a request that is not allowed; the message says which, the
    code (refusals.CODES) says it to programs."""


@dataclass
class Device:
    """One connected page. `client` is its Socket.IO id; `id` is safe to show others."""

    client: str
    id: str
    role: str  # controller or follower
    name: str = ""
    connected: bool = True
    audio_unlocked: bool = False
    muted: bool = False
    offset_ms: float | None = None
    rtt_ms: float | None = None
    process: str = ""  # the server process its socket is on (scale-out); "" when alone

    def to_dict(self, private: bool = False) -> dict:
        # Plain attribute reads: dataclasses.asdict deep-copies, and this runs on every save.
        names = _DEVICE_FIELDS if private else _DEVICE_PUBLIC
        return {name: getattr(self, name) for name in names}


_DEVICE_FIELDS = tuple(f.name for f in fields(Device))
_DEVICE_PUBLIC = tuple(n for n in _DEVICE_FIELDS if n not in ("client", "process"))


@dataclass
class LiveSession:
    id: str
    code: str
    runner: Runner
    token_hash: str
    options: dict  # what the timeline was compiled from, for `configure` and history
    devices: dict[str, Device] = field(default_factory=dict)
    shared_control: bool = False
    next_heartbeat: int | None = None
    unattended_since: int | None = None  # when the last device left
    stats: RunStats = field(default_factory=RunStats)
    owner: str = ""  # the address that created it, for the per-client limit
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def timeline(self) -> Timeline:
        return self.runner.timeline

    def snapshot(self, now: int, reason: str = "sync") -> dict:
        return {**self.runner.snapshot(now, reason).to_dict(), "session_id": self.id}

    def is_controller(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(hash_token(token), self.token_hash)

    def roster(self) -> dict:
        return {"session_id": self.id, "shared_control": self.shared_control,
                "devices": [d.to_dict() for d in self.devices.values()]}

    def info(self, now: int, describe: Callable[[Timeline], dict] = Timeline.to_dict) -> dict:
        """Everything a device needs on joining: the timeline, the state, who is here."""
        return {"session_id": self.id, "code": joincode.display(self.code),
                "options": self.options,
                "timeline": describe(self.timeline), "state": self.snapshot(now),
                **self.roster()}


class Live:
    def __init__(self, emit: Emit, clock: Callable[[], int] = now_ms,
                 idle_ms: int = 30 * 60_000, max_followers: int = 8,
                 store: Store | None = None, max_sessions_per_owner: int = 5,
                 describe: Callable[[Timeline], dict] = Timeline.to_dict):
        self.emit = emit
        self.process_id = ""  # set by the scale-out subclass
        self.describe = describe  # a timeline as clients get it (with audio URLs, say)
        self.store = store
        self.clock = clock
        self.idle_ms = idle_ms
        self.max_followers = max_followers
        self.max_sessions_per_owner = max_sessions_per_owner
        self.sessions: dict[str, LiveSession] = {}
        self.codes: dict[str, str] = {}  # join code -> session id
        self.client_sessions: dict[str, set[str]] = {}  # client id -> session ids
        self._registry = threading.Lock()  # guards sessions and codes
        # Sessions playing the same timeline share one copy of it (it is frozen).
        self._timelines: weakref.WeakValueDictionary[str, Timeline] = \
            weakref.WeakValueDictionary()
        self.scheduler = Scheduler(clock)

    # -- sessions ------------------------------------------------------------------

    def create(self, timeline: Timeline, options: dict | None = None,
               owner: str = "") -> tuple[LiveSession, str]:
        token = secrets.token_urlsafe(16)  # 128 random bits
        with self._registry:
            if owner and sum(s.owner == owner for s in self.sessions.values()) >= \
                    self.max_sessions_per_owner:
                raise SessionError(f"this device already has {self.max_sessions_per_owner} "
                                   f"live sessions; end one first", "too_many_sessions")
            code = None
            while code is None or code in self.codes:  # a clash is rare: 20^6 codes
                code = joincode.code_from_bytes(secrets.token_bytes(joincode.LENGTH))
            session = LiveSession(secrets.token_urlsafe(12), code,
                                  Runner(self._shared(timeline)),
                                  hash_token(token), options or {},
                                  unattended_since=self.clock(), owner=owner)
            self.sessions[session.id] = session
            self.codes[code] = session.id
        self._save(session, timeline_changed=True)
        self._reschedule(session)
        return session, token

    def _shared(self, timeline: Timeline) -> Timeline:
        return self._timelines.setdefault(timeline.hash, timeline)

    def info(self, session: LiveSession) -> dict:
        return session.info(self.clock(), self.describe)

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

    def join(self, code_or_id: str, client: str, token: str | None = None,
             name: str = "") -> dict:
        """Add a device; the control token, if right, makes it the controller.

        Returns the session info plus this device's `role` and `device_id`.
        """
        info = self.add_device(code_or_id, client, token, name, self.process_id)
        self.client_sessions.setdefault(client, set()).add(info["session_id"])
        return info

    def add_device(self, code_or_id: str, client: str, token: str | None, name: str,
                   process: str) -> dict:
        session = self.find(code_or_id)
        with session.lock:
            if token is not None and not session.is_controller(token):
                raise SessionError("that control token is not valid for this session",
                                   "bad_token")
            role = "controller" if token else "follower"
            known = session.devices.get(client)
            if known is None:
                followers = sum(d.role == "follower" and d.connected
                                for d in session.devices.values())
                if role == "follower" and followers >= self.max_followers:
                    raise SessionError(f"this session already has {self.max_followers} "
                                       f"followers", "too_many_followers")
                known = Device(client, secrets.token_urlsafe(6), role, name[:40])
                session.devices[client] = known
            known.role, known.connected, known.process = role, True, process
            if name:
                known.name = name[:40]
            session.unattended_since = None
        self._roster(session)
        return {**self.info(session), "role": known.role, "device_id": known.id}

    def options(self, session_id: str) -> dict:
        """What the session's timeline was built from (routine_id, pace, exercises, ...)."""
        return dict(self.get(session_id).options)

    def leave(self, client: str) -> None:
        """A device disconnected: keep it listed as gone; the session runs on."""
        for session_id in self.client_sessions.pop(client, set()):
            try:
                self.remove_device(session_id, client)
            except SessionError:
                pass  # the session ended meanwhile

    def remove_device(self, session_id: str, client: str) -> None:
        session = self.get(session_id)
        with session.lock:
            device = session.devices.get(client)
            if device:
                device.connected = False
            if not any(d.connected for d in session.devices.values()):
                session.unattended_since = self.clock()
        self._roster(session)

    def process_alive(self, process: str) -> bool:
        """Whether a device's server process still holds its socket: never, when alone."""
        return False

    def report(self, session_id: str, client: str, **status) -> None:
        """A device's own news: audio unlocked, clock offset and round trip."""
        session = self.get(session_id)
        with session.lock:
            device = session.devices.get(client)
            if device is None:
                raise SessionError("join the session first", "not_joined")
            for key, value in status.items():
                setattr(device, key, value)
        self._roster(session)

    # -- control -------------------------------------------------------------------

    def _authorise(self, session: LiveSession, client: str, token: str | None) -> None:
        if session.is_controller(token):
            return
        device = session.devices.get(client)
        if session.shared_control and device is not None and device.connected:
            return
        raise SessionError("only the controller can do that", "not_controller")

    def command(self, session_id: str, client: str, token: str | None, command: str,
                exercise_id: str | None = None) -> dict:
        """Apply a command; returns the new snapshot or raises SessionError."""
        session = self.get(session_id)
        with session.lock:
            self._authorise(session, client, token)
            now = self.clock()
            events = session.runner.handle(command, now, exercise_id)
            self._publish(session, [e for e in events if not isinstance(e, Refused)], now)
            refused = [e for e in events if isinstance(e, Refused)]
            if refused:
                raise SessionError(refused[0].reason, refused[0].code)
            snapshot = session.snapshot(now, command)
        return snapshot

    def configure(self, session_id: str, token: str | None, timeline: Timeline,
                  options: dict) -> dict:
        """Replace the timeline (new dose, pace or exercises) before the session starts."""
        session = self.get(session_id)
        with session.lock:
            if not session.is_controller(token):
                raise SessionError("only the controller can change the routine",
                                   "not_controller")
            if session.runner.state.status != "ready":
                raise SessionError("the dose can only be changed before starting",
                                   "not_ready")
            session.runner = Runner(self._shared(timeline))
            session.options = options
            self._save(session, timeline_changed=True)
            self._reschedule(session)
            info = self.info(session)
        self.emit("session", info, session.id)
        return info

    def share_control(self, session_id: str, token: str | None, enabled: bool) -> dict:
        session = self.get(session_id)
        with session.lock:
            if not session.is_controller(token):
                raise SessionError("only the controller can share control", "not_controller")
            session.shared_control = bool(enabled)
        return self._roster(session)

    def end(self, session_id: str, token: str | None) -> None:
        session = self.get(session_id)
        if not session.is_controller(token):
            raise SessionError("only the controller can end the session", "not_controller")
        self._remove(session, "ended by the controller")

    def _remove(self, session: LiveSession, reason: str, outcome: str = "ended") -> None:
        with self._registry:
            self.sessions.pop(session.id, None)
            self.codes.pop(session.code, None)
        self.scheduler.set(session.id, None)
        if self.store:
            run = session.stats.close(outcome, self.clock()) if session.stats.open else None
            self.store.end_session(session.id, run and self._run_record(session, run))
        self.emit("ended", {"session_id": session.id, "reason": reason}, session.id)

    # -- scheduler -----------------------------------------------------------------

    def stop(self) -> None:
        self.scheduler.stop()

    @property
    def _stopped(self) -> bool:
        return self.scheduler.stopped

    def run(self) -> None:
        """Sleep until the earliest deadline of any session, serve what is due, repeat."""
        while self.scheduler.wait():
            self.tick()

    def _wake_at(self, session: LiveSession) -> int | None:
        times = [session.runner.next_deadline(), session.next_heartbeat]
        if session.unattended_since is not None:
            times.append(session.unattended_since + self.idle_ms)
        return min((t for t in times if t is not None), default=None)

    def _reschedule(self, session: LiveSession) -> None:
        if session.id in self.sessions:
            self.scheduler.set(session.id, self._wake_at(session))

    def tick(self) -> None:
        """Serve every session that is due: expiry, step changes, heartbeat.

        Sessions due together (many started at once share their step times) are saved in
        one write, then told; their locks are held throughout, so a command cannot slip
        between a step change being stored and being sent.
        """
        due = sorted((s for sid in self.scheduler.pop_due(self.clock())
                      if (s := self.sessions.get(sid)) is not None), key=lambda s: s.id)
        with ExitStack() as held:
            for session in due:  # always in id order: no deadlock between two tickers
                held.enter_context(session.lock)
            now = self.clock()
            batch = []
            for session in due:
                if (session.unattended_since is not None
                        and now >= session.unattended_since + self.idle_ms):
                    self._remove(session, "no device was connected for too long",
                                 "abandoned")
                else:
                    batch.append((session, session.runner.tick(now)))
            self._publish_many(batch, now)
            for session, _ in batch:
                if session.next_heartbeat is not None and now >= session.next_heartbeat:
                    self._heartbeat(session, now)
                self._reschedule(session)

    def _publish(self, session: LiveSession, events: list, now: int) -> None:
        self._publish_many([(session, events)], now)

    def _publish_many(self, batch: list[tuple[LiveSession, list]], now: int) -> None:
        # A step ending on time needs no write: the stored schedule already implies it, and
        # a restored runner replays it (counters too). Anything else is saved first.
        changed = [session for session, events in batch
                   if any(e.reason != "step" for e in events)]
        for session, events in batch:
            for event in events:
                session.stats, run = account(session.stats, event)
                if run and self.store:
                    self.store.record_run(self._run_record(session, run))
        self._save_many(changed)  # stored before anyone is told: a crash never rewinds
        for session, events in batch:
            for event in events:
                self.emit("state", {**event.to_dict(), "session_id": session.id}, session.id)
            if session.runner.state.status != "running":
                session.next_heartbeat = None
            elif session.next_heartbeat is None:
                session.next_heartbeat = now + HEARTBEAT_MS
            self._reschedule(session)

    def _heartbeat(self, session: LiveSession, now: int) -> None:
        snap = session.runner.snapshot(now)
        self.emit("timer", {"session_id": session.id, "status": snap.status,
                            "index": snap.index, "remaining_ms": snap.remaining_ms,
                            "server_now": now}, session.id)
        session.next_heartbeat = now + HEARTBEAT_MS

    # -- persistence ---------------------------------------------------------------

    def _save(self, session: LiveSession, timeline_changed: bool = False) -> None:
        if self.store is not None and timeline_changed:
            self.store.save_timeline(session.timeline.hash, session.timeline.to_dict())
        self._save_many([session])

    def _save_many(self, sessions: list[LiveSession]) -> None:
        if self.store is None or not sessions:
            return
        now = self.clock()
        self.store.save_sessions([{
            "id": session.id, "code": session.code, "token_hash": session.token_hash,
            "timeline_hash": session.timeline.hash, "options": session.options,
            "state": session.runner.state.to_dict(), "shared_control": session.shared_control,
            "devices": [d.to_dict(private=True) for d in session.devices.values()],
            "unattended_since": session.unattended_since, "updated_at": now,
            "stats": session.stats.to_dict()} for session in sessions])

    def _run_record(self, session: LiveSession, run: RunStats) -> dict:
        return {"session_id": session.id, "routine_id": session.timeline.routine_id,
                "options": session.options, "started_at": run.started_at,
                "ended_at": run.ended_at, "steps_total": len(session.timeline.steps),
                "steps_completed": run.steps_completed, "steps_skipped": run.steps_skipped,
                "pauses": run.pauses, "outcome": run.outcome}

    def restore(self) -> int:
        """Load the sessions a previous process left; they run on by their schedule.

        Every device starts disconnected (its socket died with the process); devices
        re-join on their own, the controller with its token. Returns how many came back.
        """
        if self.store is None:
            return 0
        for row in self.store.load_sessions():
            try:
                self.adopt(row)
            except (KeyError, TypeError, ValueError) as err:  # one bad row loses only itself
                log.error("could not restore session %s: %r", row.get("id"), err)
        return len(self.sessions)

    def adopt(self, row: dict) -> LiveSession:
        """Run a stored session here from now on (after a restart, or a takeover)."""
        now = self.clock()
        known = set(_DEVICE_FIELDS)  # rows from older versions lack newer fields
        devices = {}
        for stored in row["devices"]:
            d = {k: v for k, v in stored.items() if k in known}
            d["connected"] = self.process_alive(d.get("process", ""))
            devices[d["client"]] = Device(**d)
        session = LiveSession(
            row["id"], row["code"],
            Runner(self._timelines.get(row["timeline_hash"])
                   or self._shared(Timeline.from_dict(row["timeline"])),
                   RunnerState.from_dict(row["state"])),
            row["token_hash"], row["options"], devices, bool(row["shared_control"]),
            next_heartbeat=now if row["state"]["status"] == "running" else None,
            unattended_since=row["unattended_since"] or now,
            stats=RunStats.from_dict(row["stats"]) if row["stats"] else RunStats())
        with self._registry:
            self.sessions[session.id] = session
            self.codes[session.code] = session.id
        self._reschedule(session)
        return session

    def _roster(self, session: LiveSession) -> dict:
        self._save(session)
        self._reschedule(session)
        roster = session.roster()
        self.emit("devices", roster, session.id)
        return roster
