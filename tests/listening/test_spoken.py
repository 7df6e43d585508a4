"""The command phrases, the grammar built from a session's cues, and what counts as heard."""

from sessions.core import spoken


def test_every_command_of_the_protocol_has_a_phrase():
    assert set(spoken.COMMANDS) == {"pause", "resume", "next", "previous", "repeat",
                                    "time_left", "whats_next", "stop", "yes", "no"}
    assert spoken.PHRASES["continue"] == "resume" and spoken.PHRASES["skip"] == "next"
    assert spoken.PHRASES["back"] == "previous"


def test_cue_words_are_spoken_words_with_numbers_spelled_out():
    assert spoken.words("3. Lift. Rest, Set 2 of 3 next.") == [
        "three", "lift", "rest", "set", "two", "of", "three", "next"]
    assert spoken.words("Don\u2019t arch 25 times; 100") == [
        "don't", "arch", "twenty", "five", "times", "one", "hundred"]
    assert spoken.number_words(2026) == ["two", "zero", "two", "six"]


def test_the_garbage_loop_holds_the_cue_words_and_everyday_filler():
    garbage = spoken.garbage_words(["Next up: Bridge.", "Stop if it hurts."])
    assert {"next", "up", "bridge", "stop", "if", "hurts", "okay"} <= set(garbage)
    assert garbage == sorted(garbage)


def test_the_grammar_is_a_whole_command_or_a_run_of_garbage():
    text = spoken.grammar(["bridge", "lift"])
    assert text.startswith("#JSGF V1.0;")
    assert "<command> = pause | continue |" in text
    assert "<garbage> = bridge | lift;" in text
    assert "<garbage>+" in text
    assert "/1/ <garbage>+" in text and "public <utterance> = /1/ <command>" in text
    assert "/0.001/ <command>" in spoken.grammar(["lift"], 0.001), "the confidence rule"
    assert "<garbage> = <VOID>;" in spoken.grammar([])


def test_only_a_whole_command_phrase_is_heard():
    assert spoken.heard("pause") == "pause"
    assert spoken.heard("how  long left") == "time_left"
    assert spoken.heard("what's next") == "whats_next"
    assert spoken.heard("next up bridge") is None, "a cue is not a command"
    assert spoken.heard("stop if it hurts") is None
    assert spoken.heard("") is None and spoken.heard(None) is None
