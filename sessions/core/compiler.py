"""Compile a routine and options into a timeline: the ordered steps a session plays.

Pure. Speech durations come in as a function (estimated from the text by default, real
clip lengths once audio exists) so that a spoken cue always fits inside its step.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import placeholders
from .echo import shown
from .figures_steps import step_figures
from .model import Exercise, Routine
from .phrases import phrases_for
from .timeline import (
    OVERRIDE_LIMITS,
    PACES,
    Clinic,
    Mark,
    Options,
    OptionsError,
    SpeechMs,
    Step,
    Timeline,
)

UNTIMED_GAP_MS = 1000  # a breath after an instruction before the next cue
WORDS_PER_MINUTE = 150


def estimate_speech_ms(text: str) -> int:
    """About 150 words a minute, plus a little for the voice to start and stop."""
    words = len(re.findall(r"\w+", text))
    return 300 + words * 60_000 // WORDS_PER_MINUTE


def compile_timeline(routine: Routine, options: Options = Options(),
                     speech_ms: SpeechMs = estimate_speech_ms) -> Timeline:
    """Turn a routine into steps. Raises OptionsError for options that do not fit."""
    chosen = _check_options(routine, options)
    b = _Builder(phrases_for(routine.language), speech_ms)
    for sentence in routine.intro:
        b.untimed("intro", sentence)
    if routine.equipment:
        b.untimed("intro", b.say("equipment", items=_listed(b, [
            b.say(f"equipment.{item}") for item in routine.equipment])))
    for number, ex in enumerate(chosen, start=1):
        b.exercise(ex, number)
        b.untimed("announce", b.say("announce", name=ex.name))
        for criterion in ex.stop_if:  # before anything is done
            b.untimed("instruct", b.say("stop_if", criterion=criterion))
        if ex.kind == "advice":
            for sentence in ex.instructions:
                b.untimed("advice", sentence)
        else:
            for sentence in ex.instructions:
                b.untimed("instruct", sentence)
            _work(b, routine, ex, options)
        # Listening to advice is rest enough: no timed rest leads into an advice item.
        if number < len(chosen) and chosen[number].kind != "advice":
            rest = ex.timing_for("rest_between_exercises", routine).pick(options.pace)
            b.timed("rest", b.say("next_up", name=chosen[number].name), rest * 1000,
                    exercise=False)
    b.exercise(None, 0)
    b.untimed("done", b.say("done"))
    for sentence in _outro(routine, options.clinic):
        b.untimed("done", sentence)
    summary = tuple({"id": e.id, "name": e.name, "kind": e.kind, "number": n,
                     "cautions": list(e.cautions), "first_step": b.first_step[e.id],
                     "figure": e.figure.to_dict() if e.figure else None}
                    for n, e in enumerate(chosen, start=1))
    steps = tuple(replace(s, figure=f) for s, f in zip(b.steps, step_figures(b.steps, chosen)))
    return Timeline(routine.id, routine.title, routine.language, options.pace,
                    steps, summary, options.clinic)


def _listed(b: "_Builder", items: list[str]) -> str:
    """"a mat", "a mat and a towel", "a mat, a towel and a chair"."""
    if len(items) == 1:
        return items[0]
    return b.say("list_and", items=", ".join(items[:-1]), last=items[-1])


def _work(b: "_Builder", routine: Routine, ex: Exercise, options: Options) -> None:
    """The timed part of an exercise: sets of reps, per side, with rests between."""
    pace = options.pace

    def dose(name: str, side: str | None = None) -> int:
        # a session's override is for both sides; else the side's own dose at the pace
        return options.dose(ex.id, name, ex.dose(name, side))

    sets = dose("sets")
    rest_rep = ex.timing_for("rest_between_reps", routine).pick(pace) * 1000
    rest_set = ex.timing_for("rest_between_sets", routine).pick(pace) * 1000
    switch_ms = ex.timing_for("switch_sides", routine).pick(pace) * 1000
    sides = ("left", "right") if ex.sides == "each" else (None,)
    reps_of = {side: dose("reps", side) for side in sides}  # alternate: the same (model)
    reps = reps_of[sides[0]]
    b.counted("ready", b.say("get_ready"),
              ex.timing_for("get_ready", routine).pick(pace) * 1000,
              side=sides[0], sets=sets, reps=reps)

    def one_rep(rep: int, set_no: int, side: str | None) -> None:
        info = dict(side=side, rep=rep, reps=reps_of[side], set=set_no, sets=sets)
        if ex.kind == "hold":
            cue = (b.say("side_hold", side=b.say(side), word=ex.side_word) if side
                   else b.say("hold"))
            b.counted("hold", cue, dose("hold", side) * 1000, halfway=True, **info)
            return
        for i, phase in enumerate(ex.phases):
            cue = b.say("rep_phase", rep=rep, say=phase.say) if i == 0 else phase.say
            info["side"] = phase.side or side
            b.timed("rep", cue, phase.seconds.pick(pace) * 1000, **info)

    def rest(ms: int, cue: str, **info) -> None:
        if ms > 0:
            b.timed("rest", cue, ms, **info)

    for set_no in range(1, sets + 1):
        if ex.side_order == "alternate":
            for rep in range(1, reps + 1):
                for i, side in enumerate(sides):
                    if i:
                        b.timed("switch", b.say("switch"), switch_ms, side=side, rep=rep,
                                reps=reps, set=set_no, sets=sets)
                    one_rep(rep, set_no, side)
                if rep < reps:
                    rest(rest_rep, b.say("rest"), rep=rep, reps=reps, set=set_no, sets=sets)
        else:
            for i, side in enumerate(sides):
                if i:
                    b.timed("switch", b.say("switch"), switch_ms, side=side,
                            reps=reps_of[side], set=set_no, sets=sets)
                for rep in range(1, reps_of[side] + 1):
                    one_rep(rep, set_no, side)
                    if rep < reps_of[side]:
                        rest(rest_rep, b.say("rest"), side=side, rep=rep, reps=reps_of[side],
                             set=set_no, sets=sets)
        if set_no < sets:
            rest(rest_set, b.say("rest_next_set", set=set_no + 1, sets=sets),
                 set=set_no, sets=sets)


def _outro(routine: Routine, clinic: Clinic) -> list[str]:
    """Closing sentences; one that names a clinic detail we do not have is left out."""
    values = {"clinic": clinic.name, "phone": clinic.phone, "booking": clinic.booking_url}
    return [placeholders.fill(sentence, values) for sentence in routine.outro
            if all(values.get(name) for name in placeholders.names(sentence))]


def _check_options(routine: Routine, options: Options) -> list[Exercise]:
    if options.pace not in PACES:
        raise OptionsError(f"unknown pace {shown(options.pace)}; "
                           f"expected one of {', '.join(PACES)}")
    known = {e.id: e for e in routine.exercises}
    wanted = options.exercises
    if wanted is not None:
        unknown = [e for e in wanted if e not in known]
        if unknown:
            raise OptionsError(f"unknown exercise(s) {shown(unknown)} in routine {routine.id!r}")
        if not wanted:
            raise OptionsError("choose at least one exercise")
    for eid, fields in options.overrides:
        ex = known.get(eid)
        if ex is None:
            raise OptionsError(f"override for unknown exercise {shown(eid)}")
        for name, value in fields:
            if name not in OVERRIDE_LIMITS:
                raise OptionsError(f"{eid}: cannot override {shown(name)} "
                                   f"(only {', '.join(OVERRIDE_LIMITS)})")
            if ex.kind == "advice" or (name == "hold" and ex.kind != "hold"):
                raise OptionsError(f"{eid}: a {ex.kind} exercise has no {name!r} to override")
            low, high = OVERRIDE_LIMITS[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise OptionsError(f"{eid}: {name} must be a whole number from {low} to {high}")
    return [e for e in routine.exercises if wanted is None or e.id in wanted]


class _Builder:
    """Accumulates steps; knows which exercise is current and how long words take."""

    def __init__(self, phrases: dict[str, str], speech_ms: SpeechMs):
        self.phrases = phrases
        self.speech_ms = speech_ms
        self.steps: list[Step] = []
        self.current: dict = {}
        self.first_step: dict[str, int] = {}

    def say(self, key: str, **values) -> str:
        return self.phrases[key].format(**values)

    def exercise(self, ex: Exercise | None, number: int) -> None:
        self.current = ({"exercise_id": ex.id, "exercise_name": ex.name,
                         "exercise_number": number} if ex else {})
        if ex:
            self.first_step[ex.id] = len(self.steps)

    def _add(self, kind: str, cue: str, duration_ms: int, timed: bool,
             marks: tuple[Mark, ...] = (), exercise: bool = True, **info) -> None:
        where = self.current if exercise else {}
        self.steps.append(Step(len(self.steps), kind, duration_ms, timed, cue,
                               marks=marks, **where, **info))

    def untimed(self, kind: str, cue: str) -> None:
        self._add(kind, cue, self.speech_ms(cue) + UNTIMED_GAP_MS, False)

    def timed(self, kind: str, cue: str, ms: int, **info) -> None:
        # A step is never shorter than its own words.
        self._add(kind, cue, max(ms, self.speech_ms(cue)), True, **info)

    def counted(self, kind: str, cue: str, ms: int, halfway: bool = False, **info) -> None:
        """A timed step whose last three seconds are counted aloud (and "halfway" on long
        holds), keeping only the marks that fit between the other words."""
        ms = max(ms, self.speech_ms(cue))
        wanted = []
        if halfway and ms >= 20_000:
            wanted.append(Mark(ms // 2, self.say("halfway")))
        wanted += [Mark(ms - n * 1000, self.say(f"count_{n}")) for n in (3, 2, 1)]
        marks, free_from = [], self.speech_ms(cue)
        for i, mark in enumerate(wanted):
            until = wanted[i + 1].at_ms if i + 1 < len(wanted) else ms
            if mark.at_ms >= free_from and mark.at_ms + self.speech_ms(mark.text) <= until:
                marks.append(mark)
                free_from = mark.at_ms + self.speech_ms(mark.text)
        self._add(kind, cue, ms, True, tuple(marks), **info)
