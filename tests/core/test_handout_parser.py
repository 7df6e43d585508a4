"""The handout parser: the seed handout gives the doses of lower-back-hip.yaml, flags what a
careful reader would, and never states a dose the text does not give; bad input is refused."""

import re

import pytest
import yaml

from sessions.core.handout_doses import doses_in, sides_in
from sessions.core.handout_parser import (
    MAX_BYTES,
    HandoutError,
    parse_handout,
    read_handout,
)
from sessions.core.model import parse_routine
from sessions.core.number_words import value
from tests.conftest import SEED_FILE
from tests.corpus.scoring import HANDOUTS, flagged

SEED_TEXT = (HANDOUTS / "seed_lower_back_hip.txt").read_text()


@pytest.fixture(scope="module")
def seed_draft():
    return parse_handout(SEED_TEXT)


def _range(dose: dict) -> tuple[int, int]:
    return (dose["value"],) * 2 if "value" in dose else (dose["min"], dose["max"])


def test_the_seed_gives_every_dose_the_hand_made_routine_quotes_from_it(seed_draft):
    wanted = yaml.safe_load(SEED_FILE.read_text())["exercises"]
    got = seed_draft.routine["exercises"]
    assert len(got) == len(wanted) == 9
    compared = 0
    for want, ex in zip(wanted, got):
        for field in ("hold", "reps", "sets"):
            if want.get(field, {}).get("from") == "source":
                assert ex[field]["from"] == "source", (want["id"], field)
                assert _range(ex[field]) == _range(want[field]), (want["id"], field)
                compared += 1
    assert compared == 12  # all but the wall sits (rewritten by hand) and the press-ups


def test_the_seed_draft_flags_the_wall_sits_and_the_advice_on_lifting_weights(seed_draft):
    names = [e["name"] for e in seed_draft.routine["exercises"]]
    assert names[6] == "Wall Sits" and flagged(seed_draft, 6, "repeats")
    assert "'Hamstring Stretches'" in next(f["message"] for f in seed_draft.flags
                                           if f["path"] == "exercises[6]")
    assert names[4] == "Lifting Weights" and flagged(seed_draft, 4, "advice")
    assert seed_draft.routine["exercises"][4]["kind"] == "advice"
    assert [f["path"] for f in seed_draft.flags if "repeat those of" in f["message"]] == [
        "exercises[6]"]


def test_the_seed_draft_is_a_routine_that_loads(seed_draft):
    routine = parse_routine(seed_draft.routine, "draft")
    assert [e.kind for e in routine.exercises] == [
        "hold", "hold", "reps", "reps", "advice", "hold", "hold", "hold", "hold"]
    assert routine.title == "The Best Stretches/Exercises For Lower Back & Hip Pain"
    assert routine.outro[0].startswith("Call Massage Rx now")


def test_a_vague_dose_is_editorial_keeps_its_words_and_is_flagged(seed_draft):
    press_up = seed_draft.routine["exercises"][7]
    assert press_up["hold"]["from"] == "editorial"
    assert press_up["hold"]["quote"] == "hold this posture for many seconds"
    assert any(f["path"] == "exercises[7].hold" and "vague" in f["message"]
               for f in seed_draft.flags)


def test_a_number_it_could_not_read_is_flagged_not_used(seed_draft):
    both = seed_draft.routine["exercises"][1]
    assert both["reps"]["value"] == 3 and both["sets"]["from"] == "editorial"
    assert any("'eight', '10'" in f["message"] and f["path"] == "exercises[1]"
               for f in seed_draft.flags)


def test_every_quote_is_the_handouts_own_words_and_every_guess_is_listed(seed_draft):
    flat = re.sub(r"\s+", " ", SEED_TEXT)
    assert seed_draft.found and all(f["quote"] in flat for f in seed_draft.found)
    for n, ex in enumerate(seed_draft.routine["exercises"]):
        for field in ("hold", "reps", "sets"):
            if field in ex:
                path = f"exercises[{n}].{field}"
                if ex[field]["from"] == "source":
                    assert {"path": path, "quote": ex[field]["quote"]} in seed_draft.found
                else:
                    assert path in seed_draft.editorial
    assert all(f"timing.{name}" in seed_draft.editorial
               for name in seed_draft.routine["timing"])


def test_the_text_around_the_exercises_is_unplaced_but_the_call_is_the_outro(seed_draft):
    assert "Your hip joint is placed near your spine." in seed_draft.unplaced
    assert "stiffness" in seed_draft.unplaced
    assert not any(s.startswith("Call Massage Rx") for s in seed_draft.unplaced)


def test_a_handout_with_no_numbers_gets_no_source_dose():
    draft = parse_handout("Stretches\n\n1. Cat stretch\nKneel on all fours and arch your back. "
                          "Hold the stretch.\n\n2. Hamstring stretch\nSit with one leg out and "
                          "reach for your toes, then hold.\n")
    for ex in draft.routine["exercises"]:
        assert all(ex[f]["from"] == "editorial" for f in ("hold", "reps", "sets"))
    assert not draft.found or all(f["path"].endswith(".sides") for f in draft.found)
    parse_routine(draft.routine, "draft")


@pytest.mark.parametrize("text, expected", [
    ("hold for eight to ten seconds", [("hold", 8, 10)]),
    ("Hold 30s x3", [("hold", 30, 30), ("reps", 3, 3)]),
    ("3 x 10", [("sets", 3, 3), ("reps", 10, 10)]),
    ("3x12.", [("sets", 3, 3), ("reps", 12, 12)]),
    ("Chin tucks x10", [("count", 10, 10)]),
    ("Repeat 3x each side.", [("count", 3, 3)]),
    ("Do 2 sets of 15 repetitions.", [("sets", 2, 2), ("reps", 15, 15)]),
    ("10 reps x 2 sets.", [("sets", 2, 2), ("reps", 10, 10)]),
    ("Repeat 2–4 times for each leg.", [("count", 2, 4)]),
    ("Repeat twenty-five times.", [("count", 25, 25)]),
    ("Do a dozen repetitions.", [("count", 12, 12)]),
    ("Hold for at least 15 to 30 seconds.", [("hold", 15, 30)]),
    ("Hold 20-30 s.", [("hold", 20, 30)]),
    ("Hold for 10 to 15 secs, 3 reps.", [("hold", 10, 15), ("count", 3, 3)]),
    ("Hold for a minute.", [("hold", 60, 60)]),
    ("Stand on one leg for half a minute.", [("hold", 30, 30)]),
    ("Roll your foot for 5 to 10 minutes.", [("hold", 300, 600)]),
    ("Hold 5, then relax.", [("hold", 5, 5)]),
    ("Hold for a slow count of ten.", [("hold", 10, 10)]),
    ("a 10-second hold", [("hold", 10, 10)]),
    ("Repeat ten times, for a total of three-time repetitions.",
     [("count", 10, 10), ("count", 3, 3)]),
    ("Rest 30 seconds between sets.", [("rest_between_sets", 30, 30)]),
    ("Relax for 5 seconds.", [("rest_between_reps", 5, 5)]),
    ("Lower it over 3-4 seconds.", [("tempo", 3, 4)]),
    ("2 sets of 10 (5 each side).", [("sets", 2, 2), ("reps", 10, 10), ("per_side", 5, 5)]),
    ("Do these 2-3 times a day.", [("frequency", 0, 0)]),
    ("Hold one arm out, palm up.", []),
    ("Repeat twice on each side.", [("per_side", 2, 2)]),
    ("Repeat eight or ten times.", [("count", 8, 10)]),
    ("Hold for 1-2 minutes.", [("hold", 60, 120)]),
    ("Hold for approx. 20 seconds.", [("hold", 20, 20)]),
    ("Hold 10 secs x 5 each side", [("hold", 10, 10), ("reps", 5, 5)]),
    ("Do 12 repetitions, twice daily.", [("count", 12, 12), ("frequency", 0, 0)]),
])
def test_dose_phrases_in_words_or_digits(text, expected):
    assert [(f.kind, f.low, f.high) for f in doses_in(text)] == expected


def test_each_dose_keeps_the_exact_words_it_came_from():
    assert [f.quote for f in doses_in("Rep three times more. Maintain for at least 15 to 30 "
                                      "seconds.")] == [
        "Rep three times more", "Maintain for at least 15 to 30 seconds"]
    assert doses_in("Rep three times more.")[0].more


@pytest.mark.parametrize("text, sides, word", [
    ("Repeat 2–4 times for each leg.", "each", "leg"),
    ("Bring one knee up. Return to neutral and raise the other leg.", "each", "leg"),
    ("Hold 15s per arm.", "each", "arm"),
    ("Repeat on the other side.", "each", "side"),
    ("Switch legs.", "each", "leg"),
    ("Repeat 5 times each way.", "each", "side"),
    ("Rotate your knees to one side, then the other.", "none", "side"),
    ("Hold for eight to ten seconds with both hands.", "none", "side"),
    ("Place a hand on each side of your pelvis.", "none", "side"),
    ("Lift both legs together.", "both", "leg"),
])
def test_sides(text, sides, word):
    found = sides_in(text)
    assert (found.sides, found.word) == (sides, word)


@pytest.mark.parametrize("text, number", [
    ("eight", 8), ("Twenty-five", 25), ("twenty five", 25), ("a dozen", 12), ("twice", 2),
    ("12", 12), ("1.5", 1.5), ("nineteen", 19), ("half a", 0.5), ("banana", None),
])
def test_number_words(text, number):
    assert value(text) == number


@pytest.mark.parametrize("text, message", [
    ("", "the handout is empty"),
    ("  \n\t\n", "the handout is empty"),
    ("Just a note about backs.\nNothing else here.", "no exercises found"),
    ("a\0b 1. Bridge: lift. Repeat 10 times.", "not plain text"),
    ("\x01\x02\x03\x04 1. Bridge: lift. Repeat 10 times.", "not plain text"),
    ("1. Bridge: lift. Repeat 10 times.\n" * 30000, "over the limit of 1 MB"),
    ("".join(f"- Item {i}: hold 5 s\n" for i in range(101)),
     "101 exercises found; a routine takes at most 100"),
])
def test_bad_text_is_refused_with_a_clear_message(text, message):
    with pytest.raises(HandoutError, match=message):
        parse_handout(text)


def test_a_hundred_exercises_are_accepted():
    text = "".join(f"- Item {i}: hold 5 s\n" for i in range(100))
    assert len(parse_handout(text).routine["exercises"]) == 100


def test_bytes_are_checked_before_they_are_read():
    with pytest.raises(HandoutError, match="the limit is 1 MB"):
        read_handout(b"x" * (MAX_BYTES + 1))
    with pytest.raises(HandoutError, match="binary file"):
        read_handout(b"%PDF-1.7\n\0\0\x93")
    assert read_handout("Knee – hold 5 s".encode("cp1252")) == "Knee – hold 5 s"
    assert read_handout("\ufeffBridge".encode("utf-8")) == "Bridge"
    assert read_handout(b"x" * MAX_BYTES) == "x" * MAX_BYTES
