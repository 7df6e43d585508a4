"""What the runner tells the world: frozen events with a JSON-ready to_dict()."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Snapshot:
    """Everything a device needs to render the session from this one message.

    Times are the caller's clock in milliseconds (the shell passes wall-clock epoch ms).
    `deadline` is when the current step ends if nothing intervenes; None unless running.
    """

    reason: str  # the command that caused it, "step" for a timed advance, or "finished"
    status: str
    index: int
    timeline_hash: str
    step_started_at: int | None
    deadline: int | None
    elapsed_ms: int
    remaining_ms: int
    position_ms: int  # how far into the whole timeline
    total_ms: int
    server_now: int

    def to_dict(self) -> dict:
        return {"type": "state", **{k: getattr(self, k) for k in self.__dataclass_fields__}}


@dataclass(frozen=True)
class Refused:
    """A command that was not carried out; the state did not change. `code` is stable (one
    of refusals.CODES), `reason` a sentence for people."""

    command: str
    code: str
    reason: str
    status: str
    index: int

    def to_dict(self) -> dict:
        return {"type": "refused", "command": self.command, "code": self.code,
                "reason": self.reason, "status": self.status, "index": self.index}
