"""A dose in words (sessions/core/dose_phrasing.py) and the dose it says (Options.dose): the
override typed for a patient, else the routine's value at the pace, as the timeline plays."""

from sessions.core.compiler import compile_timeline
from sessions.core.dose_phrasing import dose_words, tempo_words
from sessions.core.model import Dose
from sessions.core.timeline import Options


def test_a_dose_in_words():
    assert dose_words("hold", "each", {"hold": 8, "reps": 3, "sets": 1}) == \
        "Hold 8 seconds, 3 times on each side"
    assert dose_words("hold", "none", {"hold": 1, "reps": 1, "sets": 2}) == \
        "Hold 1 second, 1 time, 2 sets"
    assert dose_words("reps", "each", {"reps": 10, "sets": 1}) == "10 times on each side"
    assert dose_words("reps", "both", {"reps": 10, "sets": 3}) == "10 times, 3 sets"
    assert dose_words("advice", "none", {}) == "Advice, nothing to time"


def test_each_reps_phases_in_words():
    assert tempo_words([("Lift.", 2), ("Lower slowly.", 3)]) == \
        "Each time: Lift (2 s), Lower slowly (3 s)."
    assert tempo_words([]) == ""


def test_the_dose_said_is_the_dose_played():
    reps = Dose(8, 12, "source")
    assert Options(pace="gentle").dose("tilt", "reps", reps) == 8
    assert Options(pace="standard").dose("tilt", "reps", reps) == 10
    typed = Options(pace="gentle", overrides=(("tilt", (("reps", 4),)),))
    assert typed.dose("tilt", "reps", reps) == 4
    assert typed.dose("other", "reps", reps) == 8


def test_the_timeline_plays_the_dose_options_give(seed_routine):
    knee = next(e for e in seed_routine.exercises if e.id == "knee-to-chest")
    options = Options(pace="extended", overrides=(("knee-to-chest", (("hold", 14),)),))
    holds = [s for s in compile_timeline(seed_routine, options).steps
             if s.exercise_id == "knee-to-chest" and s.kind == "hold"]
    assert {s.duration_ms for s in holds} == {options.dose(knee.id, "hold", knee.hold) * 1000}
    assert len(holds) == 2 * options.dose(knee.id, "reps", knee.reps)
