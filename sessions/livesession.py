"""One live session as the shell holds it, and its conversion to and from the stored row.

The rules it applies are the core's (runner, roster, access, deadlines); what it adds is
its lock and the shapes that go on the wire and into the store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields
from typing import Callable

from .core import deadlines, joincode
from .core.access import matches
from .core.answered import Answered
from .core.history import RunStats
from .core.roster import Device, Roster
from .core.events import Snapshot
from .core.runner import Runner, RunnerState
from .core.timeline import Timeline

# A stored device: everything but `connected`, which is `left_at is None`.
_DEVICE_FIELDS = tuple(f.name for f in fields(Device))


@dataclass(eq=False)
class LiveSession:
    id: str
    code: str
    runner: Runner
    token_hash: str
    options: dict  # what the timeline was compiled from, for `configure` and history
    roster: Roster = field(default_factory=Roster)
    shared_control: bool = False
    next_heartbeat: int | None = None
    stats: RunStats = field(default_factory=RunStats)
    owner: str = ""  # the address that created it, for the per-address limit
    # Who paused it last ({"device_id", "name", "role"}), said on the paused state. Not
    # stored: after a restart a paused session's snapshot does not say who paused it.
    paused_by: dict | None = None
    answered: Answered = field(default_factory=Answered)  # commands applied, by sender's id
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_now: int = 0  # the latest time it was changed or read at (see `at`)

    @property
    def timeline(self) -> Timeline:
        return self.runner.timeline

    def at(self, now: int) -> int:
        """The time to apply a change at: `now`, or a later time this session already saw.

        Callers read the clock before they take the lock, so a tick stamped 100 may get it
        after a resume stamped 105; applied as given, it would turn the session's time
        back. Call under the lock."""
        self.last_now = max(self.last_now, now)
        return self.last_now

    def snapshot(self, now: int, reason: str = "sync") -> dict:
        return self.wire(self.runner.snapshot(now, reason))

    def wire(self, snap: Snapshot) -> dict:
        """A snapshot as devices get it: with the session's id and, paused, who paused."""
        out = {**snap.to_dict(), "session_id": self.id}
        if snap.status == "paused" and self.paused_by:
            out["by"] = dict(self.paused_by)
        return out

    def paused_now_by(self, device: Device | None, token: str | None) -> None:
        """Remember who paused: the controller (its token), else the device that asked."""
        role = "controller" if self.is_controller(token) else (device.role if device else "")
        self.paused_by = {"device_id": device.id if device else None,
                          "name": device.name if device else "", "role": role}

    def is_controller(self, token: str | None) -> bool:
        return matches(token, self.token_hash)

    def roster_event(self) -> dict:
        return {"session_id": self.id, "shared_control": self.shared_control,
                "devices": self.roster.public()}

    def info(self, now: int, describe: Callable[[Timeline], dict] = Timeline.to_dict) -> dict:
        """Everything a device needs on joining: the timeline, the state, who is here."""
        return {"session_id": self.id, "code": joincode.display(self.code),
                "options": self.options, "timeline": describe(self.timeline),
                "state": self.snapshot(now), **self.roster_event()}

    def wake_at(self, idle_ms: int, grace_ms: int) -> int | None:
        return deadlines.wake_at(self.runner.next_deadline(), self.next_heartbeat,
                                 self.roster.unattended_since, idle_ms,
                                 self.roster.next_drop(grace_ms))


def to_row(session: LiveSession, now: int) -> dict:
    """The stored form (see sessions/store.py); `now` is when it was written."""
    return {
        "id": session.id, "code": session.code, "token_hash": session.token_hash,
        "timeline_hash": session.timeline.hash, "options": session.options,
        "state": session.runner.state.to_dict(), "shared_control": session.shared_control,
        # plain attribute reads: dataclasses.asdict deep-copies, and this runs on every save
        "devices": [{name: getattr(d, name) for name in _DEVICE_FIELDS}
                    for d in session.roster.devices.values()],
        "unattended_since": session.roster.unattended_since, "updated_at": now,
        "stats": session.stats.to_dict(), "owner": session.owner,
        "answered": session.answered.to_list()}


def from_row(row: dict, timeline: Timeline, now: int,
             alive: Callable[[str], bool]) -> LiveSession:
    """A stored session, running here from `now` (after a restart, or a takeover).

    A device whose server process is gone (`alive(process)` is false) is gone too, as of
    now; it comes back by re-joining with its key. Rows from older versions load too.
    """
    roster = Roster([_device_from_row(stored, now, alive) for stored in row["devices"]])
    if not any(d.connected for d in roster.devices.values()):
        roster.unattended_since = row["unattended_since"] or now
    return LiveSession(
        row["id"], row["code"], Runner(timeline, RunnerState.from_dict(row["state"])),
        row["token_hash"], row["options"], roster, bool(row["shared_control"]),
        stats=RunStats.from_dict(row["stats"]) if row["stats"] else RunStats(),
        owner=row.get("owner", ""), answered=Answered.from_list(row.get("answered")))


def _device_from_row(stored: dict, now: int, alive: Callable[[str], bool]) -> Device:
    values = {k: v for k, v in stored.items() if k in _DEVICE_FIELDS}
    values.setdefault("key_hash", "")  # stored before device keys: it cannot come back as itself
    was_here = stored.get("left_at") is None and stored.get("connected", True)
    if not (was_here and alive(values.get("process", ""))):
        values["left_at"] = stored.get("left_at") or now
    return Device(**values)


def run_record(session: LiveSession, run: RunStats) -> dict:
    """A finished, ended or abandoned run, as the history keeps it."""
    return {"session_id": session.id, "routine_id": session.timeline.routine_id,
            "options": session.options, "started_at": run.started_at,
            "ended_at": run.ended_at, "steps_total": len(session.timeline.steps),
            "steps_completed": run.steps_completed, "steps_skipped": run.steps_skipped,
            "pauses": run.pauses, "outcome": run.outcome}
