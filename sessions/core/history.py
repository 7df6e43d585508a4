"""What a run of a session did, counted from its snapshots: for the history page.

Pure. `RunStats` follows one run (start or restart to finish); `account()` folds in
each snapshot and says when the run is over and should be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .events import Snapshot


@dataclass(frozen=True)
class RunStats:
    started_at: int | None = None
    index: int = 0
    steps_completed: int = 0
    steps_skipped: int = 0
    pauses: int = 0
    ended_at: int | None = None
    outcome: str | None = None  # finished, ended, abandoned

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> "RunStats":
        return cls(**data)

    @property
    def open(self) -> bool:
        return self.started_at is not None and self.outcome is None

    def close(self, outcome: str, now: int) -> "RunStats":
        return replace(self, outcome=outcome, ended_at=now)


def account(stats: RunStats, snap: Snapshot) -> tuple[RunStats, RunStats | None]:
    """Fold a snapshot in; returns (stats to keep, a finished run to record or None)."""
    record = None
    if snap.reason in ("start", "restart"):
        if stats.open:
            record = stats.close("abandoned", snap.server_now)
        return RunStats(started_at=snap.server_now, index=snap.index), record
    if not stats.open:
        return stats, None
    moved = snap.index - stats.index
    completed, skipped = stats.steps_completed, stats.steps_skipped
    if snap.reason == "step":
        completed += moved
    elif snap.reason == "finished":
        completed += moved + 1
    elif snap.reason in ("next", "jump") and moved > 0:
        skipped += moved
    if snap.reason == "next" and snap.status == "finished":
        skipped += 1  # skipped past the last step
    stats = replace(stats, index=snap.index, steps_completed=completed, steps_skipped=skipped,
                    pauses=stats.pauses + (snap.reason == "pause"))
    if snap.status == "finished":
        stats = stats.close("finished", snap.server_now)
        return stats, stats
    return stats, None
