"""A session's memory of the commands it applied, by their senders' ids (fake clock)."""

from sessions.core.answered import MOST, WINDOW_MS, Answered


def test_a_command_sent_again_gets_its_first_answer():
    answered = Answered().add("c1", {"status": "paused"}, now=1000)
    assert answered.get("c1") == {"status": "paused"}
    assert answered.get("c2") is None
    assert answered.get(None) is None and answered.get("") is None, "no id: never known"


def test_answers_are_forgotten_after_the_window():
    answered = Answered().add("old", {"n": 1}, now=0).add("new", {"n": 2}, now=WINDOW_MS - 1)
    assert answered.get("old") == {"n": 1}
    later = answered.add("newest", {"n": 3}, now=WINDOW_MS)
    assert later.get("old") is None and later.get("new") == {"n": 2}


def test_a_sender_cannot_make_a_session_carry_more_than_the_most():
    answered = Answered()
    for i in range(MOST + 5):
        answered = answered.add(f"c{i}", {"i": i}, now=i)
    assert len(answered.entries) == MOST
    assert answered.get("c4") is None and answered.get(f"c{MOST + 4}") == {"i": MOST + 4}


def test_the_stored_form_comes_back_the_same():
    answered = Answered().add("c1", {"status": "running", "index": 2}, now=5)
    assert Answered.from_list(answered.to_list()) == answered
    assert Answered.from_list(None) == Answered(), "rows stored before it load too"
