"""The richer routine format: a dose per side, equipment said in the intro, stop_if said
before the exercise, and a language checked against the phrases there are; the cues played
by the runner on a fake clock."""

import copy

import pytest
import yaml

from sessions.core.compiler import compile_timeline
from sessions.core.model import RoutineError, parse_routine
from sessions.core.runner import Runner
from sessions.core.timeline import Options
from tests.conftest import SEED_FILE

SEED = yaml.safe_load(SEED_FILE.read_text())


def doc(**routine) -> dict:
    out = copy.deepcopy(SEED)
    out.update(routine)
    return out


def exercise(out: dict, exercise_id: str) -> dict:
    return next(x for x in out["exercises"] if x["id"] == exercise_id)


def problems(data: dict) -> list[dict]:
    with pytest.raises(RoutineError) as err:
        parse_routine(data, "r.yaml")
    return err.value.details


def played(timeline, exercise_id=None) -> list[tuple[str, str | None, int, str]]:
    """(kind, side, duration, cue) of every step as a runner on a fake clock enters it."""
    runner, now, seen = Runner(timeline), 0, []
    runner.handle("start", now)
    while runner.state.status == "running":
        step = timeline.steps[runner.state.index]
        if exercise_id is None or step.exercise_id == exercise_id:
            seen.append((step.kind, step.side, step.duration_ms, step.cue))
        now = runner.next_deadline()
        assert runner.tick(now), "a step ends exactly at its deadline"
    return seen


def hamstring_per_side(hold: dict, reps: dict) -> dict:
    out = doc()
    ham = exercise(out, "hamstring-stretch")
    ham["hold"], ham["reps"] = hold, reps
    return out


def test_a_hold_and_reps_per_side_are_played_on_their_side():
    data = hamstring_per_side(
        {"left": {"value": 20, "from": "source", "quote": "20 s on the left"},
         "right": {"min": 30, "max": 40, "from": "editorial"}},
        {"left": {"value": 2, "from": "editorial"}, "right": {"value": 3, "from": "editorial"}})
    routine = parse_routine(data, "r.yaml")
    ham = routine.exercise("hamstring-stretch")
    assert ham.hold.quote == "20 s on the left" and ham.dose("hold", "right").low == 30
    for pace, right_ms in (("gentle", 30_000), ("extended", 40_000)):
        timeline = compile_timeline(routine, Options(pace=pace, exercises=("hamstring-stretch",)))
        holds = [(side, ms) for kind, side, ms, _ in played(timeline, "hamstring-stretch")
                 if kind == "hold"]
        assert holds == [("left", 20_000)] * 2 + [("right", right_ms)] * 3
    reps = {s.side: s.reps for s in timeline.steps if s.kind == "hold"}
    assert reps == {"left": 2, "right": 3}


def test_a_sessions_override_sets_both_sides():
    data = hamstring_per_side(
        {"left": {"value": 20, "from": "source"}, "right": {"value": 30, "from": "source"}},
        {"value": 2, "from": "source"})
    timeline = compile_timeline(parse_routine(data, "r.yaml"), Options(
        exercises=("hamstring-stretch",), overrides=(("hamstring-stretch", (("hold", 12),)),)))
    assert {s.duration_ms for s in timeline.steps if s.kind == "hold"} == {12_000}


@pytest.mark.parametrize("change, path, words", [
    (lambda x: x.update(sides="none", hold={"left": {"value": 5, "from": "source"},
                                            "right": {"value": 6, "from": "source"}}),
     "exercises[5].hold", "needs sides: each"),
    (lambda x: x.update(hold={"left": {"value": 5, "from": "source"}}),
     "exercises[5].hold.right", "missing"),
    (lambda x: x.update(hold={"left": {"value": 5, "from": "source"}, "middle": {},
                              "right": {"value": 5, "from": "source"}}),
     "exercises[5].hold.middle", "unknown field 'middle'"),
    (lambda x: x.update(side_order="alternate",
                        reps={"left": {"value": 2, "from": "source"},
                              "right": {"value": 3, "from": "source"}}),
     "exercises[5].reps", "needs side_order: block"),
    (lambda x: x.update(sets={"left": {"value": 2, "from": "source"},
                              "right": {"value": 3, "from": "source"}}),
     "exercises[5].sets.left", "unknown field 'left'"),
])
def test_a_dose_per_side_that_cannot_be_played_is_refused_with_its_path(change, path, words):
    data = doc()
    change(exercise(data, "hamstring-stretch"))
    found = problems(data)
    assert any(p["path"] == path and words in p["message"] for p in found), found


def test_equipment_is_said_in_the_intro_after_its_sentences():
    for items, said in ((["mat"], "You will need a mat."),
                        (["mat", "towel"], "You will need a mat and a towel."),
                        (["wall", "chair", "towel"],
                         "You will need a wall, a chair and a towel.")):
        routine = parse_routine(doc(equipment=items), "r.yaml")
        intro = [cue for kind, _, _, cue in played(compile_timeline(routine))
                 if kind == "intro"]
        assert intro == SEED["intro"] + [said]


@pytest.mark.parametrize("equipment, words", [
    (["mat", "trampoline"], "['trampoline'] cannot be said; choose from mat, towel"),
    ("mat", "expected a list such as [mat, towel]"),
    (["mat", "mat"], "each item once"),
])
def test_equipment_that_cannot_be_said_is_refused(equipment, words):
    [found] = problems(doc(equipment=equipment))
    assert found["path"] == "equipment" and words in found["message"]


def test_stop_if_is_said_after_the_name_and_before_the_instructions():
    data = doc()
    bridge = exercise(data, "bridge")
    bridge["stop_if"] = ["you feel sharp pain in your back.", "your legs go numb"]
    timeline = compile_timeline(parse_routine(data, "r.yaml"), Options(exercises=("bridge",)))
    cues = [(kind, cue) for kind, _, _, cue in played(timeline, "bridge")]
    assert cues[:4] == [("announce", "Bridge."),
                        ("instruct", "Stop if you feel sharp pain in your back."),
                        ("instruct", "Stop if your legs go numb."),
                        ("instruct", bridge["instructions"][0])]


def test_stop_if_must_be_sentences():
    data = doc()
    exercise(data, "bridge")["stop_if"] = ["fine", "{clinic} says so"]
    [found] = problems(data)
    assert found["path"] == "exercises[3].stop_if[1]"


@pytest.mark.parametrize("language", ["fr", "de-DE", "zz"])
def test_a_language_without_phrases_is_refused_clearly(language):
    [found] = problems(doc(language=language))
    assert found == {"path": "language", "message": f"routine: field 'language': no spoken "
                                                    f"phrases for {language!r} (available: en)"}


@pytest.mark.parametrize("language", [5, None, "", "english", ["en"], "EN"])
def test_a_language_that_is_not_a_code_is_refused_not_a_crash(language):
    [found] = problems(doc(language=language))
    assert found["path"] == "language" and "a language code such as 'en'" in found["message"]
