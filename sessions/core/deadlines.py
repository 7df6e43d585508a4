"""When a live session next needs the shell: its step's end, its heartbeat, its idle expiry,
the drop of a device gone too long. Pure: every rule takes the times it weighs.
"""

from __future__ import annotations

HEARTBEAT_MS = 1000  # the `timer` event, for devices that ask: the page draws its own


def abandoned(unattended_since: int | None, idle_ms: int, now: int) -> bool:
    """A session nobody has been connected to for `idle_ms` ends."""
    return unattended_since is not None and now >= unattended_since + idle_ms


def heartbeat_after_change(status: str, scheduled: int | None, now: int,
                           wanted: bool) -> int | None:
    """After a state change (or a device asking for the beat): a running session that a
    connected device wants beating beats a second after it began running and keeps its beat
    through later changes; any other session does not beat."""
    if status != "running" or not wanted:
        return None
    return scheduled if scheduled is not None else now + HEARTBEAT_MS


def heartbeat_due(scheduled: int | None, now: int) -> bool:
    return scheduled is not None and now >= scheduled


def heartbeat_after_beat(now: int) -> int:
    return now + HEARTBEAT_MS


def wake_at(step_deadline: int | None, heartbeat: int | None,
            unattended_since: int | None, idle_ms: int, device_drop: int | None) -> int | None:
    """The earliest time the session has something to do; None when it has nothing."""
    idle_end = None if unattended_since is None else unattended_since + idle_ms
    times = [t for t in (step_deadline, heartbeat, idle_end, device_drop) if t is not None]
    return min(times, default=None)
