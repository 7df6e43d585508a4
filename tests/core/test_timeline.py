from collections import Counter
from dataclasses import replace

import pytest

from sessions.core.compiler import compile_timeline, estimate_speech_ms
from sessions.core.timeline import Clinic, Options, OptionsError


def steps_of(timeline, exercise_id, kind):
    return [s for s in timeline.steps if s.exercise_id == exercise_id and s.kind == kind]


def hold_seconds_by_side(timeline, exercise_id):
    by_side = Counter()
    for s in steps_of(timeline, exercise_id, "hold"):
        by_side[(s.side, s.duration_ms)] += 1
    return dict(by_side)


@pytest.mark.parametrize("pace, seconds", [("gentle", 8), ("standard", 9), ("extended", 10)])
def test_knee_to_chest_is_three_holds_each_side(seed_routine, pace, seconds):
    tl = compile_timeline(seed_routine, Options(pace=pace))
    assert hold_seconds_by_side(tl, "knee-to-chest") == {
        ("left", seconds * 1000): 3, ("right", seconds * 1000): 3}


def test_knee_to_chest_alternates_sides_with_a_switch_between(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    work = [(s.kind, s.side) for s in tl.steps
            if s.exercise_id == "knee-to-chest" and s.kind in ("hold", "switch")]
    assert work == [("hold", "left"), ("switch", "right"), ("hold", "right")] * 3


@pytest.mark.parametrize("pace, count", [("gentle", 8), ("standard", 10), ("extended", 12)])
def test_pelvic_tilts_hold_ten_seconds(seed_routine, pace, count):
    tl = compile_timeline(seed_routine, Options(pace=pace))
    holds = steps_of(tl, "pelvic-tilts", "hold")
    assert [s.duration_ms for s in holds] == [10_000] * count
    assert [s.rep for s in holds] == list(range(1, count + 1))
    assert {s.reps for s in holds} == {count}


@pytest.mark.parametrize("pace, reps, seconds", [("gentle", 2, 15), ("extended", 4, 30)])
def test_hamstring_per_leg(seed_routine, pace, reps, seconds):
    tl = compile_timeline(seed_routine, Options(pace=pace))
    assert hold_seconds_by_side(tl, "hamstring-stretch") == {
        ("left", seconds * 1000): reps, ("right", seconds * 1000): reps}
    # block order: every left hold before the switch, then every right hold
    sides = [s.side for s in steps_of(tl, "hamstring-stretch", "hold")]
    assert sides == ["left"] * reps + ["right"] * reps


def test_lifting_weights_is_advice_with_no_timed_step(seed_routine):
    for pace in ("gentle", "standard", "extended"):
        tl = compile_timeline(seed_routine, Options(pace=pace))
        steps = [s for s in tl.steps if s.exercise_id == "lifting-weights"]
        assert steps, "the advice is still said and shown"
        assert {s.kind for s in steps} == {"announce", "advice"}
        assert not any(s.timed for s in steps)
        assert any("doctor" in s.cue for s in steps)


def test_no_rest_leads_into_advice_but_one_follows_it(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    first_advice = tl.first_step_of("lifting-weights")
    assert tl.steps[first_advice - 1].exercise_id == "bridge"
    after = next(s for s in tl.steps[first_advice:] if s.exercise_id != "lifting-weights")
    assert after.kind == "rest" and after.cue == "Rest. Next up: Hamstring stretch."


def test_all_nine_seed_items_in_order(seed_routine):
    tl = compile_timeline(seed_routine)
    order = [e["id"] for e in tl.exercises]
    assert order == ["knee-to-chest", "both-knees-to-chest", "knee-rotations", "bridge",
                     "lifting-weights", "hamstring-stretch", "wall-sits",
                     "press-up-back-extensions", "pelvic-tilts"]


def test_wall_sits_do_not_repeat_the_hamstring_text(seed_routine):
    wall = seed_routine.exercise("wall-sits")
    hamstring = seed_routine.exercise("hamstring-stretch")
    assert not set(wall.instructions) & set(hamstring.instructions)
    assert any("wall" in line.lower() for line in wall.instructions)
    assert all(d.origin == "editorial" for d in (wall.hold, wall.reps))


@pytest.mark.parametrize("pace", ["gentle", "standard", "extended"])
def test_total_is_the_sum_of_the_steps(seed_routine, pace):
    tl = compile_timeline(seed_routine, Options(pace=pace))
    assert tl.total_ms == sum(s.duration_ms for s in tl.steps)
    assert [s.index for s in tl.steps] == list(range(len(tl.steps)))


def test_paces_get_longer(seed_routine):
    totals = [compile_timeline(seed_routine, Options(pace=p)).total_ms
              for p in ("gentle", "standard", "extended")]
    assert totals == sorted(totals) and len(set(totals)) == 3


def test_starts_with_the_safety_note_and_ends_with_the_clinic(seed_routine):
    clinic = Clinic("Massage Rx", "555 0100", "https://example.test/book")
    tl = compile_timeline(seed_routine, Options(clinic=clinic))
    assert tl.steps[0].kind == "intro"
    intro = " ".join(s.cue for s in tl.steps if s.kind == "intro")
    assert "pain gets worse" in intro and "numbness or tingling" in intro
    assert "clinician" in intro
    done = [s.cue for s in tl.steps if s.kind == "done"]
    assert any("Massage Rx" in c for c in done)
    assert any("555 0100" in c for c in done)


def test_outro_sentence_without_a_phone_is_left_out(seed_routine):
    tl = compile_timeline(seed_routine, Options(clinic=Clinic("Massage Rx", "", "")))
    done = " ".join(s.cue for s in tl.steps if s.kind == "done")
    assert "Massage Rx" in done and "{phone}" not in done and "number is" not in done


def test_cues_switch_rest_next_up_halfway_and_counts(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="extended"))
    cues = tl.cue_texts()
    for phrase in ("Switch sides.", "Rest.", "Halfway.", "Three.", "Two.", "One."):
        assert phrase in cues
    assert "Rest. Next up: Both knees to chest." in cues
    hamstring = steps_of(tl, "hamstring-stretch", "hold")[0]
    assert [(m.at_ms, m.text) for m in hamstring.marks] == [
        (15_000, "Halfway."), (27_000, "Three."), (28_000, "Two."), (29_000, "One.")]
    short = steps_of(tl, "pelvic-tilts", "hold")[0]
    assert "Halfway." not in [m.text for m in short.marks]


def test_bridge_reps_are_counted_by_tempo(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    reps = steps_of(tl, "bridge", "rep")
    assert len(reps) == 10 * 3 * 3
    assert [s.cue for s in reps[:4]] == ["1. Lift.", "Hold.", "Lower slowly.", "2. Lift."]
    assert [s.duration_ms for s in reps[:3]] == [2000, 2000, 3000]


def test_knee_rotations_go_side_to_side(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    reps = steps_of(tl, "knee-rotations", "rep")
    assert len(reps) == 10 * 2 * 3
    assert [s.side for s in reps[:4]] == ["left", "right", "left", "right"]


def test_no_cue_is_longer_than_its_step_and_marks_do_not_overlap(seed_routine):
    for pace in ("gentle", "standard", "extended"):
        tl = compile_timeline(seed_routine, Options(pace=pace))
        for step in tl.steps:
            busy_until = estimate_speech_ms(step.cue)
            assert busy_until <= step.duration_ms, step
            for mark in step.marks:
                assert mark.at_ms >= busy_until, step
                busy_until = mark.at_ms + estimate_speech_ms(mark.text)
                assert busy_until <= step.duration_ms, step


def test_real_clip_durations_lengthen_steps_rather_than_cut_words(seed_routine):
    slow_voice = lambda text: 2 * estimate_speech_ms(text)  # noqa: E731
    tl = compile_timeline(seed_routine, Options(pace="gentle"), speech_ms=slow_voice)
    for step in tl.steps:
        assert slow_voice(step.cue) <= step.duration_ms


def test_subset_and_overrides(seed_routine):
    opts = Options(pace="gentle", exercises=("bridge", "pelvic-tilts"),
                   overrides=(("pelvic-tilts", (("hold", 5), ("reps", 2))),))
    tl = compile_timeline(seed_routine, opts)
    assert [e["id"] for e in tl.exercises] == ["bridge", "pelvic-tilts"]
    holds = steps_of(tl, "pelvic-tilts", "hold")
    assert [s.duration_ms for s in holds] == [5000, 5000]


@pytest.mark.parametrize("options, message", [
    (Options(pace="fast"), "unknown pace"),
    (Options(exercises=("nope",)), "unknown exercise"),
    (Options(exercises=()), "at least one"),
    (Options(overrides=(("nope", (("reps", 2),)),)), "unknown exercise"),
    (Options(overrides=(("bridge", (("hold", 5),)),)), "no 'hold'"),
    (Options(overrides=(("lifting-weights", (("reps", 5),)),)), "advice"),
    (Options(overrides=(("pelvic-tilts", (("reps", 0),)),)), "from 1 to 50"),
    (Options(overrides=(("pelvic-tilts", (("tempo", 2),)),)), "cannot override"),
])
def test_bad_options_are_refused_clearly(seed_routine, options, message):
    with pytest.raises(OptionsError, match=message):
        compile_timeline(seed_routine, options)


@pytest.mark.parametrize("options", [
    Options(pace="f" * 10_000),
    Options(exercises=tuple("x" * 100 + str(n) for n in range(100))),
    Options(overrides=(("x" * 10_000, (("reps", 2),)),)),
    Options(overrides=(("bridge", (("t" * 10_000, 2),)),)),
])
def test_a_refusal_echoes_only_a_glimpse_of_the_value(seed_routine, options):
    with pytest.raises(OptionsError) as err:
        compile_timeline(seed_routine, options)
    assert len(str(err.value)) < 250, len(str(err.value))


def test_scaling_keeps_order_and_shrinks_time(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    fast = tl.scaled(20)
    assert len(fast.steps) == len(tl.steps)
    assert fast.hash != tl.hash
    assert abs(fast.total_ms - tl.total_ms / 20) < len(tl.steps)
    assert [s.cue for s in fast.steps] == [s.cue for s in tl.steps]


def test_hash_is_stable_and_depends_on_content(seed_routine):
    a = compile_timeline(seed_routine, Options(pace="gentle"))
    b = compile_timeline(seed_routine, Options(pace="gentle"))
    c = compile_timeline(seed_routine, Options(pace="extended"))
    assert a.hash == b.hash != c.hash


def test_timeline_round_trips_through_its_dict(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="extended")).scaled(7)
    again = type(tl).from_dict(tl.to_dict())
    assert again == tl and again.hash == tl.hash


def test_outro_placeholders_are_filled_without_str_format(seed_routine):
    """Parsing refuses anything but {clinic}, {phone}, {booking}; the compiler, given a routine
    built some other way, still never evaluates attribute or index access in routine text."""
    routine = replace(seed_routine, outro=("Call {clinic}.", "Ask {clinic.__class__}.",
                                           "Ask {clinic[0]} or {phone}."))
    tl = compile_timeline(routine, Options(clinic=Clinic("{phone}", "555 0100", "")))
    done = [s.cue for s in tl.steps if s.kind == "done"][1:]
    assert done == ["Call {phone}.", "Ask {clinic.__class__}.", "Ask {clinic[0]} or 555 0100."]
