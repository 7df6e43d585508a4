"""What a recognised spoken command does, and the stop -> yes/no confirmation.

Pure: time comes in as `now` (epoch ms). `turn(command, asked_at, now)` says what to do
with one heard command given when (if ever) "stop" was last heard, and what is pending
after it. "Stop" never ends a session by itself: it asks, and only a "yes" within
CONFIRM_MS ends it; "no", any other command or the window passing cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIRM_MS = 10_000
RUNNER = ("pause", "resume", "next", "previous")  # the same names as the runner's commands


@dataclass(frozen=True)
class Turn:
    # "command" (the runner's, named by `command`), "end", "answer" (ok, nothing changes
    # here: the device says or cancels it), "unasked" (a yes with no stop waiting)
    do: str
    command: str
    confirm: str | None = None  # "stop": the device asks "Stop the session? Say yes or no"
    asked_at: int | None = None  # the stop awaiting its yes/no, or None


def turn(command: str, asked_at: int | None, now: int) -> Turn:
    """What to do on hearing `command` at `now`, when "stop" was heard at `asked_at`."""
    waiting = asked_at is not None and now - asked_at <= CONFIRM_MS
    if command == "stop":
        return Turn("answer", command, confirm="stop", asked_at=now)
    if command == "yes":
        return Turn("end" if waiting else "unasked", command)
    if command in RUNNER:
        return Turn("command", command)
    # repeat, time left, what's next (the device answers them); no (cancels a stop)
    return Turn("answer", command)

