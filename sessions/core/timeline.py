"""A timeline: the ordered steps a session plays, the options it was compiled with, and
its JSON form (sessions/core/compiler.py makes one from a routine).

Pure and frozen: sessions playing the same timeline share one copy.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Callable

from .figures_steps import StepFigure

PACES = ("gentle", "standard", "extended")
OVERRIDE_LIMITS = {"hold": (1, 600), "reps": (1, 50), "sets": (1, 20)}

SpeechMs = Callable[[str], int]


class OptionsError(ValueError):
    """Options that do not fit the routine (unknown pace, exercise or override)."""


@dataclass(frozen=True)
class Clinic:
    name: str = ""
    phone: str = ""
    booking_url: str = ""


@dataclass(frozen=True)
class Options:
    pace: str = "standard"
    exercises: tuple[str, ...] | None = None  # a subset, in routine order; None is all
    overrides: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    clinic: Clinic = field(default_factory=Clinic)

    def override(self, exercise_id: str, name: str) -> int | None:
        return dict(dict(self.overrides).get(exercise_id, ())).get(name)

    def dose(self, exercise_id: str, name: str, routine_value) -> int:
        """A dose field as it is played: the override typed for this exercise, else the
        routine's value (a model.Dose) at the pace."""
        value = self.override(exercise_id, name)
        return routine_value.pick(self.pace) if value is None else value


@dataclass(frozen=True)
class Mark:
    """A phrase spoken part-way through a step (counted seconds, "halfway")."""

    at_ms: int
    text: str


@dataclass(frozen=True)
class Step:
    index: int
    kind: str  # intro, announce, instruct, advice, ready, hold, rep, rest, switch, done
    duration_ms: int
    timed: bool  # False: no countdown shown; the step lasts as long as its words
    cue: str
    exercise_id: str | None = None
    exercise_name: str | None = None
    exercise_number: int = 0  # 1-based position among the chosen exercises; 0 for none
    side: str | None = None
    rep: int = 0
    reps: int = 0
    set: int = 0
    sets: int = 0
    marks: tuple[Mark, ...] = ()
    figure: StepFigure | None = None

    def to_dict(self) -> dict:
        out = {
            "index": self.index, "kind": self.kind, "duration_ms": self.duration_ms,
            "timed": self.timed, "cue": self.cue, "exercise_id": self.exercise_id,
            "exercise_name": self.exercise_name, "exercise_number": self.exercise_number,
            "side": self.side, "rep": self.rep, "reps": self.reps, "set": self.set,
            "sets": self.sets, "marks": [{"at_ms": m.at_ms, "text": m.text} for m in self.marks],
        }
        if self.figure:  # absent when there is none: a figure-less timeline keeps its hash
            out["figure"] = self.figure.to_dict()
        return out


@dataclass(frozen=True)
class Timeline:
    routine_id: str
    title: str
    language: str
    pace: str
    steps: tuple[Step, ...]
    exercises: tuple[dict, ...]
    clinic: Clinic
    time_scale: float = 1.0
    starts: tuple[int, ...] = ()  # derived: start offset of each step
    total_ms: int = 0
    hash: str = ""

    def __post_init__(self):
        starts, t = [], 0
        for step in self.steps:
            starts.append(t)
            t += step.duration_ms
        object.__setattr__(self, "starts", tuple(starts))
        object.__setattr__(self, "total_ms", t)
        body = json.dumps([self.routine_id, self.pace, self.time_scale,
                           [s.to_dict() for s in self.steps]], sort_keys=True)
        object.__setattr__(self, "hash", hashlib.sha256(body.encode()).hexdigest()[:16])

    def cue_texts(self) -> list[str]:
        """Every spoken phrase, in order of first use, each once."""
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.setdefault(step.cue)
            for mark in step.marks:
                seen.setdefault(mark.text)
        return list(seen)

    def first_step_of(self, exercise_id: str) -> int | None:
        return next((s.index for s in self.steps if s.exercise_id == exercise_id), None)

    def scaled(self, factor: float) -> "Timeline":
        """The same timeline played `factor` times faster (tests and demos)."""
        if factor <= 0:
            raise OptionsError("time scale must be positive")
        if factor == 1:
            return self

        def fast(ms: int) -> int:
            return max(1, round(ms / factor))

        steps = tuple(replace(s, duration_ms=fast(s.duration_ms),
                              marks=tuple(Mark(fast(m.at_ms), m.text) for m in s.marks))
                      for s in self.steps)
        return replace(self, steps=steps, time_scale=self.time_scale * factor)

    @classmethod
    def from_dict(cls, data: dict) -> "Timeline":
        """The inverse of to_dict(): a stored session replays exactly what it compiled.
        Step starts are derived again (rows stored before they were sent have none)."""
        steps = tuple(Step(**{**{k: v for k, v in s.items() if k != "start_ms"},
                              "marks": tuple(Mark(**m) for m in s["marks"]),
                              "figure": s.get("figure") and StepFigure.from_dict(s["figure"])})
                      for s in data["steps"])
        return cls(data["routine_id"], data["title"], data["language"], data["pace"], steps,
                   tuple(data["exercises"]), Clinic(**data["clinic"]), data["time_scale"])

    def to_dict(self) -> dict:
        return {
            "routine_id": self.routine_id, "title": self.title, "language": self.language,
            "pace": self.pace, "hash": self.hash, "total_ms": self.total_ms,
            "time_scale": self.time_scale, "exercises": list(self.exercises),
            "clinic": {"name": self.clinic.name, "phone": self.clinic.phone,
                       "booking_url": self.clinic.booking_url},
            # Each step's start, so that no client adds the durations up again.
            "steps": [{**s.to_dict(), "start_ms": start}
                      for s, start in zip(self.steps, self.starts)],
        }
