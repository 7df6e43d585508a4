"""Routines as frozen data, and the parser that turns a loaded YAML mapping into one.

Pure: the caller reads the file; this module only judges the data. Every problem is
collected (not just the first) so an author can fix a file in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from . import placeholders
from .echo import shown
from .doses import Dose, parse_dose, parse_sided
from .fields import ROUTINE, Place, Problems, choice, sentences, slug, text, unknown_keys
from .phrases import EQUIPMENT, missing
from .figures import Figure, parse_figure

KINDS = ("hold", "reps", "advice")
SIDES = ("none", "each", "both")
SIDE_ORDERS = ("block", "alternate")
PHASE_SIDES = ("left", "right")
TIMING_FIELDS = (
    "rest_between_reps",
    "rest_between_sets",
    "rest_between_exercises",
    "get_ready",
    "switch_sides",
)
MAX_SECONDS = 600
MAX_COUNT = 50


class RoutineError(ValueError):
    """A routine that cannot be used; `problems` holds one message per fault."""

    def __init__(self, problems: list[str], details: list[dict] | None = None):
        super().__init__("\n".join(problems))
        self.problems = problems
        # the same, each {"path": "exercises[2].hold", "message": ...} (the editor's view)
        self.details = details if details is not None else [
            {"path": "", "message": problem} for problem in problems]


@dataclass(frozen=True)
class Phase:
    """One counted part of a tempo rep: what to say and how long it lasts."""

    say: str
    seconds: Dose
    side: str | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    kind: str
    instructions: tuple[str, ...]
    cautions: tuple[str, ...] = ()
    sides: str = "none"
    side_order: str = "block"
    side_word: str = "side"
    hold: Dose | None = None
    reps: Dose | None = None
    sets: Dose | None = None
    phases: tuple[Phase, ...] = ()
    timing: tuple[tuple[str, Dose], ...] = ()
    note: str = ""
    figure: Figure | None = None
    stop_if: tuple[str, ...] = ()  # said before the exercise: "Stop if <criterion>."
    right: tuple[tuple[str, Dose], ...] = ()  # the right side's hold or reps, when per side

    def timing_for(self, name: str, routine: "Routine") -> Dose:
        return dict(self.timing).get(name) or routine.timing_for(name)

    def dose(self, name: str, side: str | None = None) -> Dose:
        """The hold, reps or sets for one side: a dose given per side has its left one in
        the field itself and its right one in `right`."""
        return (side == "right" and dict(self.right).get(name)) or getattr(self, name)


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    language: str
    summary: str
    intro: tuple[str, ...]
    outro: tuple[str, ...]
    exercises: tuple[Exercise, ...]
    timing: tuple[tuple[str, Dose], ...]
    source: str = ""
    equipment: tuple[str, ...] = ()  # said in the intro: "You will need a mat and a towel."

    def timing_for(self, name: str) -> Dose:
        return dict(self.timing)[name]

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


def parse_routine(data: Any, source: str) -> Routine:
    """Validate a loaded YAML document; raise RoutineError listing every problem."""
    p = Problems(source)
    if not isinstance(data, dict):
        raise RoutineError([f"{source}: the file must hold a mapping (id, title, exercises...), "
                            f"not {type(data).__name__}"])
    unknown_keys(p, ROUTINE, data, {"id", "title", "language", "summary", "source",
                                     "intro", "outro", "timing", "exercises", "equipment"})
    rid = slug(p, ROUTINE, data, "id")
    title = text(p, ROUTINE, data, "title")
    language = data.get("language", "en")
    if not isinstance(language, str) or not re.match(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", language):
        p.add(ROUTINE, f"field 'language': expected a language code such as 'en', "
                       f"got {shown(language)}")
    elif missing(language):
        p.add(ROUTINE, f"field 'language': {missing(language)}")
    summary = data.get("summary", "")
    if not isinstance(summary, str):
        p.add(ROUTINE, "field 'summary': expected text")
    intro = sentences(p, ROUTINE, data, "intro", required=False)
    outro = sentences(p, ROUTINE, data, "outro", required=False,
                      allowed=placeholders.OUTRO)
    timing = _timing(p, ROUTINE, data.get("timing"), required=TIMING_FIELDS)
    equipment = _equipment(p, data.get("equipment", []))

    exercises: list[Exercise] = []
    raw = data.get("exercises")
    if not isinstance(raw, list) or not raw:
        p.add(ROUTINE, "field 'exercises': expected a non-empty list of exercises")
        raw = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        ex = _exercise(p, number, item)
        if ex is None:
            continue
        if ex.id in seen:
            p.add(Place(f"exercise {shown(ex.id)} (#{number})", f"exercises[{number - 1}]"),
                  "field 'id': used by an earlier exercise")
        seen.add(ex.id)
        exercises.append(ex)
    if p:
        raise RoutineError(p.listed(), p.structured())
    return Routine(rid, title, language, summary, intro, outro, tuple(exercises), timing,
                   str(data.get("source", "")), equipment)


def _equipment(p: Problems, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        p.add(ROUTINE, f"field 'equipment': expected a list such as [mat, towel] "
                       f"(any of {', '.join(EQUIPMENT)})")
        return ()
    unknown = [x for x in raw if x not in EQUIPMENT]
    if unknown:
        p.add(ROUTINE, f"field 'equipment': {shown(unknown)} cannot be said; "
                       f"choose from {', '.join(EQUIPMENT)}")
    if len(set(raw)) < len(raw):
        p.add(ROUTINE, "field 'equipment': each item once")
    return tuple(raw)


def _exercise(p: Problems, number: int, item: Any) -> Exercise | None:
    where = Place(f"exercise #{number}", f"exercises[{number - 1}]")
    if not isinstance(item, dict):
        p.add(where, f"expected a mapping, got {type(item).__name__}")
        return None
    if isinstance(item.get("id"), str):
        where = Place(f"exercise {shown(item['id'])} (#{number})", where.path)
    before = len(p)
    unknown_keys(p, where, item, {"id", "name", "kind", "instructions", "cautions", "sides",
                                   "side_order", "side_word", "hold", "reps", "sets", "tempo",
                                   "timing", "note", "figure", "stop_if"})
    eid = slug(p, where, item, "id")
    name = text(p, where, item, "name")
    kind = choice(p, where, item, "kind", KINDS, None)
    instructions = sentences(p, where, item, "instructions", required=True)
    cautions = sentences(p, where, item, "cautions", required=False)
    # each criterion is said as "Stop if <criterion>.", so it is written without them
    stop_if = tuple(c.rstrip(".").strip()
                    for c in sentences(p, where, item, "stop_if", required=False))
    sides = choice(p, where, item, "sides", SIDES, "none")
    side_order = choice(p, where, item, "side_order", SIDE_ORDERS, "block")
    side_word = item.get("side_word", "side")
    if (not isinstance(side_word, str) or not side_word.strip()
            or placeholders.problem(side_word)):
        p.add(where, "field 'side_word': expected a word such as 'leg'")
    hold = reps = sets = None
    right: list[tuple[str, Dose]] = []
    phases: tuple[Phase, ...] = ()
    if kind == "advice":
        for field in ("hold", "reps", "sets", "tempo"):
            if field in item:
                p.add(where, f"field '{field}': an advice item has no timer, so no '{field}'")
    elif kind in ("hold", "reps"):
        reps, right_reps = parse_sided(p, where, "reps", item.get("reps"), sides, MAX_COUNT)
        if right_reps:
            right.append(("reps", right_reps))
            if (side_order == "alternate" and reps
                    and (reps.low, reps.high) != (right_reps.low, right_reps.high)):
                p.add(where, "field 'reps': a different number of reps per side needs "
                             "side_order: block (alternate goes left, right, left, right)")
        sets = (parse_dose(p, where, "sets", item["sets"], minimum=1, maximum=MAX_COUNT)
                if "sets" in item else Dose(1, 1, "editorial"))
        if kind == "hold":
            hold, right_hold = parse_sided(p, where, "hold", item.get("hold"), sides, MAX_SECONDS)
            if right_hold:
                right.append(("hold", right_hold))
            if "tempo" in item:
                p.add(where, "field 'tempo': only a 'reps' exercise is counted by tempo")
        else:
            phases = _phases(p, where, item.get("tempo"))
            if "hold" in item:
                p.add(where, "field 'hold': a 'reps' exercise holds inside its 'tempo' phases")
    timing = _timing(p, where, item.get("timing"), required=())
    # Counted from the file, so a fault inside one phase is not reported again here.
    tempo = item.get("tempo")
    figure, problems = parse_figure(item.get("figure"), kind,
                                    len(tempo) if isinstance(tempo, list) else len(phases))
    for problem in problems:
        p.add(where, problem)
    if len(p) > before:
        return None
    return Exercise(eid, name.strip(), kind, instructions, cautions, sides, side_order,
                    side_word.strip(), hold, reps, sets, phases, timing,
                    str(item.get("note", "")), figure, stop_if, tuple(right))


def _phases(p: Problems, where: Place, raw: Any) -> tuple[Phase, ...]:
    if not isinstance(raw, list) or not raw:
        p.add(where, "field 'tempo': expected a list of phases such as "
                     "{say: Up, seconds: {value: 2, from: editorial}}")
        return ()
    phases = []
    for i, item in enumerate(raw, start=1):
        at = where.at(f"tempo phase {i}", "tempo", i - 1)
        if not isinstance(item, dict):
            p.add(at, "expected a mapping with 'say' and 'seconds'")
            continue
        unknown_keys(p, at, item, {"say", "seconds", "side"})
        say = text(p, at, item, "say")
        seconds = parse_dose(p, at, "seconds", item.get("seconds"), minimum=1, maximum=MAX_SECONDS)
        side = item.get("side")
        if side is not None and side not in PHASE_SIDES:
            p.add(at, f"field 'side': expected one of {', '.join(PHASE_SIDES)}, "
                      f"got {shown(side)}")
        if say and seconds:
            phases.append(Phase(say.strip(), seconds, side))
    return tuple(phases)


def _timing(p: Problems, where: Place, raw: Any, required: tuple[str, ...]) -> tuple:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        p.add(where, "field 'timing': expected a mapping of rests and transitions")
        return ()
    at = where.at("timing", "timing")
    unknown_keys(p, at, raw, set(TIMING_FIELDS))
    out = []
    for name in TIMING_FIELDS:
        if name in raw:
            dose = parse_dose(p, at, name, raw[name], minimum=0, maximum=MAX_SECONDS)
            if dose:
                out.append((name, dose))
        elif name in required:
            p.add(at, f"field '{name}': missing (seconds, e.g. "
                                      f"{{value: 5, from: editorial}})")
    return tuple(out)
