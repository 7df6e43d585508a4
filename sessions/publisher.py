"""Store, then tell: how the live shell saves a session's changes and sends its events.

Every change that needs it is saved before any device is told of it, so a crash never
rewinds what a device saw; a step that ends on time is not written (the stored schedule
implies it). Events go to `emit` while the caller holds the session's lock, in the order they
were produced. The 1 Hz `timer` goes only to the devices that asked for it.
"""

from __future__ import annotations

from typing import Callable

from .core import deadlines
from .core.history import account
from .livesession import LiveSession, run_record, to_row
from .store import Store

Emit = Callable[[str, dict, str], None]  # (event name, payload, room or client id)


class Publisher:
    def __init__(self, emit: Emit, store: Store | None,
                 reschedule: Callable[[LiveSession], None]):
        self.emit = emit
        self.store = store
        self.reschedule = reschedule  # when the session next needs the scheduler

    def many(self, batch: list[tuple[LiveSession, list]], now: int,
             pruned: list[LiveSession] = ()) -> None:
        """Save, then send, the events of sessions that changed together; `pruned` sessions
        dropped devices and send their roster too."""
        # A step ending on time needs no write: the stored schedule already implies it, and
        # a restored runner replays it (counters too). Anything else is saved first.
        changed = [session for session, events in batch
                   if session in pruned or any(e.reason != "step" for e in events)]
        for session, events in batch:
            self.account(session, events)
        self.save_many(changed, now)  # stored before anyone is told: a crash never rewinds
        for session, events in batch:
            for event in events:
                self.emit("state", session.wire(event), session.id)
            self.beat_if_wanted(session, now)
            self.reschedule(session)
        for session in pruned:
            self.emit("devices", session.roster_event(), session.id)

    def account(self, session: LiveSession, events: list) -> None:
        """Count the events in the session's run; record the run if one ended."""
        for event in events:
            session.stats, run = account(session.stats, event)
            if run and self.store:
                self.store.record_run(run_record(session, run))

    def ended(self, session: LiveSession, reason: str, now: int, outcome: str) -> None:
        """Forget the stored session (recording its run, if one was open), then say so."""
        if self.store:
            run = session.stats.close(outcome, now) if session.stats.open else None
            self.store.end_session(session.id, run and run_record(session, run))
        self.emit("ended", {"session_id": session.id, "reason": reason}, session.id)

    def beat_if_wanted(self, session: LiveSession, now: int) -> None:
        session.next_heartbeat = deadlines.heartbeat_after_change(
            session.runner.state.status, session.next_heartbeat, now,
            bool(session.roster.heartbeat_clients()))

    def heartbeat(self, session: LiveSession, now: int) -> None:
        """The 1 Hz `timer`, to each connected device that asked for it (none: it stops)."""
        clients = session.roster.heartbeat_clients()
        if not clients:
            session.next_heartbeat = None
            return
        snap = session.runner.snapshot(now)
        beat = {"session_id": session.id, "status": snap.status, "index": snap.index,
                "remaining_ms": snap.remaining_ms, "server_now": now}
        for client in clients:
            self.emit("timer", beat, client)
        session.next_heartbeat = deadlines.heartbeat_after_beat(now)

    def roster(self, session: LiveSession, now: int) -> dict:
        self.save(session, now)  # unlocked: a tick waits on every due session's lock
        self.reschedule(session)
        with session.lock:  # built and sent under the lock, like every event: in order
            event = session.roster_event()
            self.emit("devices", event, session.id)
        return event

    def save(self, session: LiveSession, now: int, timeline_changed: bool = False) -> None:
        if self.store is not None and timeline_changed:
            self.store.save_timeline(session.timeline.hash, session.timeline.to_dict())
        self.save_many([session], now)

    def save_many(self, sessions: list[LiveSession], now: int) -> None:
        if self.store is not None and sessions:
            self.store.save_sessions([to_row(session, now) for session in sessions])
