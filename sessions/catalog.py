"""The routines this server offers (the built-in files and the clinic's own, authored in
the app), compiled into timelines with this clinic's details."""

from __future__ import annotations

import logging
from functools import lru_cache

from .config import Settings
from .core.compiler import compile_timeline, estimate_speech_ms
from .core.dose_phrasing import dose_words, tempo_words
from .core.echo import shown
from .core.model import Exercise, Routine, RoutineError, parse_routine
from .core.timeline import OVERRIDE_LIMITS, PACES, Clinic, Options, Timeline
from .library import Library, load_library
from .routine_store import RoutineStore

log = logging.getLogger(__name__)

PACE_NAMES = {"gentle": "Gentle", "standard": "Standard", "extended": "Extended"}
DOSE_FIELDS = ("hold", "reps", "sets")  # the order a form shows them in


class UnknownRoutine(LookupError):
    pass


class Catalog:
    def __init__(self, settings: Settings, library: Library | None = None, voice=None,
                 authored: RoutineStore | None = None):
        self.library = library or load_library(settings.routines_dir)
        self.authored = authored  # the clinic's routines; their ids never clash with a file's
        self.clinic = Clinic(settings.clinic_name, settings.clinic_phone,
                             settings.clinic_booking_url)
        self.voice = voice  # sessions.voice.Voice: real clip durations once audio is built
        self._compiled = lru_cache(maxsize=256)(self._compile)
        self._parsed = lru_cache(maxsize=256)(self._parse)

    def routines(self) -> dict[str, Routine]:
        """Every routine on offer: the built-in files, then the latest version of each of
        the clinic's own."""
        out = dict(self.library.routines)
        for routine_id, version in self._latest().items():
            routine = self._parsed(routine_id, version)
            if routine is not None and routine_id not in out:
                out[routine_id] = routine
        return out

    def routine(self, routine_id: str) -> tuple[Routine, int]:
        """A routine on offer and its version (0 for a built-in); UnknownRoutine if none."""
        if routine_id in self.library.routines:
            return self.library.routines[routine_id], 0
        version = self._latest().get(routine_id)
        routine = self._parsed(routine_id, version) if version else None
        if routine is None:
            raise UnknownRoutine(f"no routine {shown(routine_id)}")
        return routine, version

    def routine_at(self, routine_id: str, version: int | None) -> tuple[Routine, int]:
        """One version of a routine on offer (None: the latest; a built-in has only 1) and
        its number; UnknownRoutine if there is no such routine or version."""
        if routine_id in self.library.routines:
            if version not in (None, 1):
                raise UnknownRoutine("a built-in routine has only version 1")
            return self.library.routines[routine_id], 1
        latest = self._latest().get(routine_id)
        routine = (self._parsed(routine_id, version or latest)
                   if latest and (version or latest) <= latest else None)
        if routine is None:
            raise UnknownRoutine(f"no routine {shown(routine_id)}"
                                 + (f" with version {version}" if version else ""))
        return routine, version or latest

    def compile_at(self, routine_id: str, version: int, options: Options) -> Timeline:
        """One version of a routine compiled (a programme keeps the version it was given)."""
        self.routine_at(routine_id, version)
        builtin = routine_id in self.library.routines
        voice = self.voice.version(routine_id, options.pace) if self.voice else 0
        return self._compiled(routine_id, options, voice, 0 if builtin else version)

    def _latest(self) -> dict[str, int]:
        return self.authored.latest_versions() if self.authored else {}

    def _parse(self, routine_id: str, version: int) -> Routine | None:
        """A stored version (checked when saved), parsed once. One that no longer passes
        (a rule changed since) is left out and logged, never a failed answer."""
        saved = self.authored.get(routine_id, version)
        try:
            return parse_routine(saved.document, routine_id)
        except RoutineError as err:
            log.warning("routine %s version %d left out: %s", routine_id, version, err)
            return None

    def compile(self, routine_id: str, options: Options) -> Timeline:
        """The routine's latest version compiled; a session keeps the timeline it started
        with (stored with it), so a later save never changes a running session."""
        _, routine_version = self.routine(routine_id)
        # The voice's version changes when its manifest does: the timeline is compiled again.
        version = self.voice.version(routine_id, options.pace) if self.voice else 0
        return self._compiled(routine_id, options, version, routine_version)

    def _compile(self, routine_id: str, options: Options, version: int = 0,
                 routine_version: int = 0) -> Timeline:
        routine = (self._parsed(routine_id, routine_version) if routine_version
                   else self.library.routines[routine_id])
        speech_ms = (self.voice.speech_ms(routine_id, options.pace) if self.voice
                     else estimate_speech_ms)
        return compile_timeline(routine, options, speech_ms=speech_ms)

    def options(self, pace: str = "standard", exercises=None, overrides=()) -> Options:
        return Options(pace=pace, exercises=exercises, overrides=overrides, clinic=self.clinic)

    def for_session(self, fields: dict, time_scale: float, stored: dict | None = None
                    ) -> tuple[Timeline, dict]:
        """The timeline a live session plays (scaled for tests and demos), and the options it
        was built from as plain JSON (stored with the session, shown to its console).
        `fields` holds any of routine_id, pace, exercises (a tuple) and overrides (sorted
        pairs). `stored` is what the session was built from before: a field not given keeps
        its stored value, so `configure` changes only what it is given."""
        given = {**(_as_fields(stored) if stored else {}), **fields}
        routine_id = given["routine_id"]
        chosen = {k: given[k] for k in ("pace", "exercises", "overrides") if k in given}
        timeline = self.compile(routine_id, self.options(**chosen))
        return timeline.scaled(time_scale), {
            "routine_id": routine_id, "pace": timeline.pace,
            "exercises": list(chosen.get("exercises") or []) or None,
            "overrides": {eid: dict(values) for eid, values in chosen.get("overrides", ())}}

    @staticmethod
    def choices() -> dict:
        """What a client may choose: the paces in order (the first is the gentlest) and the
        limits of each dose override."""
        return {"paces": [{"id": p, "name": PACE_NAMES[p]} for p in PACES],
                "dose_fields": [{"name": f, "min": OVERRIDE_LIMITS[f][0],
                                 "max": OVERRIDE_LIMITS[f][1]} for f in DOSE_FIELDS]}

    def summaries(self) -> list[dict]:
        out = []
        for routine in self.routines().values():
            totals = {p: self.compile(routine.id, self.options(p)).total_ms // 1000
                      for p in PACES}
            out.append({
                "id": routine.id, "title": routine.title, "summary": routine.summary,
                "language": routine.language, "exercise_count": len(routine.exercises),
                "exercises": [{"id": e.id, "name": e.name, "kind": e.kind,
                               "sides": e.sides, "cautions": list(e.cautions),
                               "note": e.note,
                               # drawn as thumbnails in the picker's and console's lists
                               "figure": e.figure.to_dict() if e.figure else None,
                               "dose": {name: d.to_dict() for name, d in _doses(e)},
                               "doses": {p: {name: d.pick(p) for name, d in _doses(e)}
                                         for p in PACES}}
                              for e in routine.exercises],
                "total_seconds": totals,
            })
        return out


    def handout(self, routine_id: str, options: Options) -> dict:
        """A routine at one dose as a printed page shows it: the safety note, and each chosen
        exercise's instructions, cautions, figure and dose as played (Options.dose), with the
        dose and each rep's phases in words (core/dose_phrasing.py). Raises UnknownRoutine, and
        OptionsError for options that do not fit the routine (as compiling does)."""
        timeline = self.compile(routine_id, options)
        routine, _ = self.routine(routine_id)
        chosen = {x["id"]: x["number"] for x in timeline.exercises}

        def words(e: Exercise) -> dict:
            dose = {name: now for name, (_, _, now) in dose_ranges(e, options).items()}
            tempo = [(ph.say, ph.seconds.pick(options.pace)) for ph in e.phases]
            return {"dose": dose, "dose_words": dose_words(e.kind, e.sides, dose),
                    "tempo_words": tempo_words(tempo)}

        return {
            "id": routine.id, "title": routine.title, "summary": routine.summary,
            "pace": options.pace, "pace_name": PACE_NAMES[options.pace],
            "total_seconds": timeline.total_ms // 1000,
            "intro": [s.cue for s in timeline.steps if s.kind == "intro"],
            "clinic": {"name": self.clinic.name, "phone": self.clinic.phone,
                       "booking_url": self.clinic.booking_url},
            "exercises": [{
                "id": e.id, "number": chosen[e.id], "name": e.name, "kind": e.kind,
                "sides": e.sides, "instructions": list(e.instructions),
                "cautions": list(e.cautions), **words(e),
                "figure": e.figure.to_dict() if e.figure else None,
            } for e in routine.exercises if e.id in chosen],
        }


def _as_fields(stored: dict) -> dict:
    """A session's stored options (for_session's plain JSON) as for_session's fields."""
    fields = {"routine_id": stored["routine_id"]}
    if stored.get("pace"):
        fields["pace"] = stored["pace"]
    if stored.get("exercises"):
        fields["exercises"] = tuple(stored["exercises"])
    if stored.get("overrides"):
        fields["overrides"] = tuple(sorted((eid, tuple(sorted(values.items())))
                                           for eid, values in stored["overrides"].items()))
    return fields


def _doses(exercise: Exercise) -> list[tuple[str, object]]:
    """The exercise's dose fields, each one a session may override: none for advice, no
    hold for a tempo exercise."""
    return [(name, d) for name in DOSE_FIELDS if (d := getattr(exercise, name)) is not None]


def dose_ranges(exercise: Exercise, options: Options) -> dict[str, tuple[int, int, int]]:
    """Each dose field of the exercise: (its range's min, max, the value played), the value
    as the timeline plays it (Options.dose)."""
    out = {}
    for name, d in _doses(exercise):
        out[name] = (d.low, d.high, options.dose(exercise.id, name, d))
    return out
