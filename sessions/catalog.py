"""The routines this server offers, compiled into timelines with this clinic's details."""

from __future__ import annotations

from functools import lru_cache

from .config import Settings
from .core.timeline import PACES, Clinic, Options, Timeline, compile_timeline
from .library import Library, load_library


class UnknownRoutine(LookupError):
    pass


class Catalog:
    def __init__(self, settings: Settings, library: Library | None = None):
        self.library = library or load_library(settings.routines_dir)
        self.clinic = Clinic(settings.clinic_name, settings.clinic_phone,
                             settings.clinic_booking_url)
        self.compile = lru_cache(maxsize=256)(self._compile)

    def _compile(self, routine_id: str, options: Options) -> Timeline:
        routine = self.library.routines.get(routine_id)
        if routine is None:
            raise UnknownRoutine(f"no routine {routine_id!r}")
        return compile_timeline(routine, options)

    def options(self, pace: str = "standard", exercises=None, overrides=()) -> Options:
        return Options(pace=pace, exercises=exercises, overrides=overrides, clinic=self.clinic)

    def summaries(self) -> list[dict]:
        out = []
        for routine in self.library.routines.values():
            totals = {p: self.compile(routine.id, self.options(p)).total_ms // 1000
                      for p in PACES}
            out.append({
                "id": routine.id, "title": routine.title, "summary": routine.summary,
                "language": routine.language, "exercise_count": len(routine.exercises),
                "exercises": [{"id": e.id, "name": e.name, "kind": e.kind}
                              for e in routine.exercises],
                "total_seconds": totals,
            })
        return out
