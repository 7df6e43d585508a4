"""Which pose each timeline step's figure starts in and moves to over the step.

The picture follows the words: the announcement shows the exercise's telling pose; each
instruction moves from the start pose into it, as a demonstration; "get ready" and a switch
of sides show the start pose; a hold keeps still in the held pose; each tempo phase moves
from where the last one ended to its own pose over its seconds (a 2 s lift animates from
down to up in 2 s); a rest between reps eases back to the start pose; the rest before the
next exercise shows that exercise's start pose. A side change mirrors the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol


class _Step(Protocol):
    kind: str
    exercise_id: str | None
    side: str | None


@dataclass(frozen=True)
class StepFigure:
    exercise: str  # whose figure (in the timeline's exercises); a rest names the next one
    from_pose: str | None  # None for an icon
    to_pose: str | None
    side: str | None  # the working side, which the picture mirrors for; None for no side

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "from": self.from_pose, "to": self.to_pose,
                "side": self.side}

    @classmethod
    def from_dict(cls, data: dict) -> "StepFigure":
        return cls(data["exercise"], data["from"], data["to"], data["side"])


def step_figures(steps: list[_Step], exercises: Iterable) -> list[StepFigure | None]:
    """One entry per step: its figure, or None (no exercise, or an exercise without one)."""
    by_id = {e.id: e for e in exercises}
    owner = _owners(steps)
    sides = _sides(steps, owner, by_id)
    out: list[StepFigure | None] = []
    at, where, reps_done = None, None, 0  # the pose the picture is in, for which (id, side)
    for i, step in enumerate(steps):
        ex = by_id.get(owner[i])
        fig = ex.figure if ex else None
        if fig is None or step.kind in ("intro", "done"):
            out.append(None)
            continue
        if fig.icon:
            out.append(StepFigure(ex.id, None, None, None))
            continue
        if where != (ex.id, sides[i]):
            if where is None or where[0] != ex.id:
                reps_done = 0
            at, where = fig.start, (ex.id, sides[i])
        if step.exercise_id is None or step.kind in ("ready", "switch"):
            start, end = fig.start, fig.start
        elif step.kind in ("announce", "advice"):
            start, end = fig.show, fig.show
        elif step.kind == "instruct":
            start, end = fig.start, fig.show
        elif step.kind == "hold":
            start, end = fig.hold, fig.hold
        elif step.kind == "rep":
            # Reps are compiled as every tempo phase in order, so the count gives the phase.
            start, end = at, fig.tempo[reps_done % len(fig.tempo)]
            reps_done += 1
        else:  # a rest between reps or sets: back to the start
            start, end = at, fig.start
        at = end
        out.append(StepFigure(ex.id, start, end, sides[i]))
    return out


def _owners(steps: list[_Step]) -> list[str | None]:
    """Each step's exercise; a rest between exercises belongs to the one it leads into."""
    owner: list[str | None] = [s.exercise_id for s in steps]
    following = None
    for i in range(len(steps) - 1, -1, -1):
        if owner[i] is None and steps[i].kind == "rest":
            owner[i] = following
        following = owner[i] if owner[i] is not None else following
    return owner


def _sides(steps: list[_Step], owner: list[str | None], by_id: dict) -> list[str | None]:
    """The working side each step's picture shows: the step's own side on a sided exercise,
    else the last one shown for that exercise, else the first it will use."""
    sides: list[str | None] = [None] * len(steps)
    for order in (range(len(steps)), range(len(steps) - 1, -1, -1)):
        last = (None, None)
        for i in order:
            ex = by_id.get(owner[i])
            if ex is None or ex.sides != "each":
                continue
            sides[i] = steps[i].side or sides[i] or (last[1] if last[0] == ex.id else None)
            last = (ex.id, sides[i])
    return sides
