"""The voice answers: their words come from the phrase table, each cut into shared pieces,
and the time-left table covers the whole session, a step per ten seconds then per minute."""

import pytest

from sessions.core.answers import answer_texts, answers, spoken, time_left
from sessions.core.compiler import compile_timeline
from sessions.core.phrases import phrases_for
from sessions.core.timeline import Options

EN = phrases_for("en")


def said_at(table, ms):
    """What the device says with `ms` left: the last row whose from_ms is at most ms."""
    return [row for row in table if row["from_ms"] <= ms][-1]["text"]


def test_a_phrase_is_cut_at_its_values_and_punctuation_stays_with_the_piece_before():
    assert spoken("About {n} minutes left.", n=4) == {
        "text": "About 4 minutes left.", "parts": ["About", "4", "minutes left."]}
    assert spoken("Next up: {name}.", name="Bridge") == {
        "text": "Next up: Bridge.", "parts": ["Next up:", "Bridge."]}
    assert spoken("{n} seconds left.", n=40)["parts"] == ["40", "seconds left."]
    assert spoken("Almost done.")["parts"] == ["Almost done."]


def test_a_missing_value_is_an_error_not_a_silent_gap():
    with pytest.raises(KeyError):
        spoken("About {n} minutes left.")


@pytest.mark.parametrize("ms, text", [
    (0, "Almost done."), (9_999, "Almost done."), (10_000, "10 seconds left."),
    (41_000, "40 seconds left."), (59_999, "50 seconds left."),
    (60_000, "About one minute left."), (89_999, "About one minute left."),
    (90_000, "About 2 minutes left."), (149_999, "About 2 minutes left."),
    (150_000, "About 3 minutes left."), (4 * 60_000 + 29_000, "About 4 minutes left."),
    (20 * 60_000, "About 20 minutes left."),
])
def test_time_left_rounds_to_tens_of_seconds_then_to_whole_minutes(ms, text):
    assert said_at(time_left(EN, 20 * 60_000), ms) == text


def test_the_time_left_table_ends_with_the_session_and_rises():
    table = time_left(EN, 5 * 60_000)
    assert table[-1]["text"] == "About 5 minutes left."
    assert [r["from_ms"] for r in table] == sorted({r["from_ms"] for r in table})
    assert [r["text"] for r in time_left(EN, 25_000)] == [
        "Almost done.", "10 seconds left.", "20 seconds left."]


def test_answers_of_the_seed_routine_name_every_exercise_and_ask_before_stopping(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle"))
    found = answers(tl)
    assert set(found["whats_next"]) == {x["id"] for x in tl.exercises}
    bridge = next(x for x in tl.exercises if x["name"] == "Bridge")
    assert found["whats_next"][bridge["id"]] == {
        "text": "Next up: Bridge.", "parts": ["Next up:", "Bridge."]}
    assert found["stop_confirm"]["text"] == "Stop the session? Say yes or no."
    assert found["time_left"][-1]["from_ms"] <= tl.total_ms
    assert said_at(found["time_left"], tl.total_ms).startswith("About ")


def test_the_pieces_are_shared_so_few_clips_answer_everything(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="extended"))
    texts = answer_texts(tl)
    assert len(texts) == len(set(texts))
    # an exercise's name is said with its own announce cue's clip
    assert "Bridge." in texts and "Bridge." in tl.cue_texts()
    minutes = len([r for r in answers(tl)["time_left"] if "minutes" in r["text"]])
    assert len(texts) < minutes + 5 + len(tl.exercises) + 8
