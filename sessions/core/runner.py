"""The session state machine. It never reads a clock: every call takes `now_ms`.

State is four numbers and a word (status, step index, when the step's clock started,
milliseconds used before a pause), so anyone holding it and the time can tell where the
session is. Step ends are computed from the previous deadline, never from "now", so a long
session does not drift however late the shell's ticks arrive. All times are whole
milliseconds, which keeps pause and resume exact.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .events import Refused, Snapshot
from .timeline import Timeline

COMMANDS = ("start", "pause", "resume", "next", "previous", "restart", "jump")


@dataclass(frozen=True)
class RunnerState:
    status: str = "ready"  # ready, running, paused, finished
    index: int = 0
    started_at: int | None = None  # running: when the current step's clock started
    elapsed_ms: int = 0  # paused: time already used in the current step

    def to_dict(self) -> dict:
        return {"status": self.status, "index": self.index, "started_at": self.started_at,
                "elapsed_ms": self.elapsed_ms}

    @classmethod
    def from_dict(cls, data: dict) -> "RunnerState":
        return cls(data["status"], data["index"], data["started_at"], data["elapsed_ms"])


class Runner:
    def __init__(self, timeline: Timeline, state: RunnerState | None = None):
        self.timeline = timeline
        self.state = state or RunnerState()

    # -- queries ---------------------------------------------------------------

    def next_deadline(self) -> int | None:
        """When tick() next has work to do; None while not running."""
        s = self.state
        if s.status != "running":
            return None
        return s.started_at + self.timeline.steps[s.index].duration_ms

    def elapsed(self, now_ms: int) -> int:
        s = self.state
        if s.status == "running":
            return now_ms - s.started_at
        return s.elapsed_ms

    def snapshot(self, now_ms: int, reason: str = "sync") -> Snapshot:
        s, tl = self.state, self.timeline
        duration = tl.steps[s.index].duration_ms
        elapsed = min(max(self.elapsed(now_ms), 0), duration)
        return Snapshot(
            reason=reason, status=s.status, index=s.index, timeline_hash=tl.hash,
            step_started_at=s.started_at if s.status == "running" else None,
            deadline=self.next_deadline(), elapsed_ms=elapsed,
            remaining_ms=duration - elapsed, position_ms=tl.starts[s.index] + elapsed,
            total_ms=tl.total_ms, server_now=now_ms)

    # -- transitions -----------------------------------------------------------

    def tick(self, now_ms: int) -> list[Snapshot]:
        """Advance past every step whose deadline is at or before now."""
        events = []
        while (deadline := self.next_deadline()) is not None and now_ms >= deadline:
            if self.state.index + 1 >= len(self.timeline.steps):
                self.state = RunnerState("finished", self.state.index, None,
                                         self.timeline.steps[-1].duration_ms)
                events.append(self.snapshot(now_ms, "finished"))
            else:
                self.state = RunnerState("running", self.state.index + 1, deadline, 0)
                events.append(self.snapshot(now_ms, "step"))
        return events

    def handle(self, command: str, now_ms: int, exercise_id: str | None = None) -> list:
        """Apply a command at time now; returns the events (one Refused if illegal).

        A transition answers the new state, or (code, sentence) when it is refused."""
        events: list = self.tick(now_ms)
        method = getattr(self, f"_{command}", None) if command in COMMANDS else None
        if method is None:
            return events + [self._refuse(command, "unknown_command",
                                               f"unknown command {command!r}")]
        outcome = method(now_ms, exercise_id) if command == "jump" else method(now_ms)
        if isinstance(outcome, tuple):  # (code, sentence): refused
            return events + [self._refuse(command, *outcome)]
        self.state = outcome
        return events + [self.snapshot(now_ms, command)]

    def _refuse(self, command: str, code: str, reason: str) -> Refused:
        return Refused(command, code, reason, self.state.status, self.state.index)

    def _go(self, index: int, now_ms: int) -> RunnerState:
        """The start of step `index`, keeping running or paused as it was."""
        if self.state.status == "paused":
            return RunnerState("paused", index, None, 0)
        return RunnerState("running", index, now_ms, 0)

    def _start(self, now_ms: int):
        if self.state.status != "ready":
            return "not_ready", f"cannot start: the session is {self.state.status}"
        return RunnerState("running", 0, now_ms, 0)

    def _pause(self, now_ms: int):
        if self.state.status != "running":
            return "not_running", f"cannot pause: the session is {self.state.status}"
        return RunnerState("paused", self.state.index, None, now_ms - self.state.started_at)

    def _resume(self, now_ms: int):
        if self.state.status != "paused":
            return "not_paused", f"cannot resume: the session is {self.state.status}"
        return replace(self.state, status="running",
                       started_at=now_ms - self.state.elapsed_ms, elapsed_ms=0)

    def _next(self, now_ms: int):
        if self.state.status not in ("running", "paused"):
            return "not_playing", f"cannot skip: the session is {self.state.status}"
        if self.state.index + 1 >= len(self.timeline.steps):
            return RunnerState("finished", self.state.index, None,
                               self.timeline.steps[-1].duration_ms)
        return self._go(self.state.index + 1, now_ms)

    def _previous(self, now_ms: int):
        if self.state.status not in ("running", "paused"):
            return "not_playing", f"cannot go back: the session is {self.state.status}"
        if self.state.index == 0:
            return "first_step", "cannot go back: this is the first step"
        return self._go(self.state.index - 1, now_ms)

    def _restart(self, now_ms: int):
        if self.state.status == "ready":
            return "not_started", "cannot restart: the session has not started"
        return RunnerState("running", 0, now_ms, 0)

    def _jump(self, now_ms: int, exercise_id: str | None):
        if not exercise_id:
            return ("no_such_exercise",
                    "jump needs an exercise_id (the id of an exercise in this session)")
        if self.state.status not in ("running", "paused"):
            return "not_playing", f"cannot jump: the session is {self.state.status}"
        index = self.timeline.first_step_of(exercise_id)
        if index is None:
            return ("no_such_exercise",
                    f"cannot jump: no exercise {exercise_id!r} in this session")
        return self._go(index, now_ms)
