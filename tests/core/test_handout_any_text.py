"""Whatever text comes in, the parser answers with a draft that loads as a routine or with a
HandoutError; it never crashes and never drafts what `parse_routine` would refuse."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.core.handout_parser import HandoutError, parse_handout
from sessions.core.model import parse_routine
from tests.corpus.scoring import corpus

LINES = [line for path in corpus() for line in path.read_text().splitlines()]
ODD = ["Hold 30 to 10 seconds.", "Rest 20 to 5 seconds between sets.", "Repeat 0 times.",
       "Lower it over 9 to 2 seconds.", "Hold {side} for 5 seconds.", "x0", "3 x 100",
       "Hold for 20 minutes.", "1. ", "#", "- ", "| a | b |", "Exercise 1:", "HOLD",
       "Repeat 75 times.", "Hold 0.4 seconds.", "Sets: 99", "**Reps:**"]


def _outcome(text: str) -> None:
    try:
        draft = parse_handout(text)
    except HandoutError as err:
        assert str(err)
        return
    parse_routine(draft.routine, "draft")
    assert all(isinstance(f["quote"], str) and f["quote"] for f in draft.found)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(LINES + ODD + [""]), max_size=40), st.randoms())
def test_lines_of_handouts_in_any_order_give_a_loadable_draft_or_a_handout_error(lines, rnd):
    rnd.shuffle(lines)
    _outcome("\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_loadable_draft_or_a_handout_error(text):
    _outcome(text)


def test_the_odd_lines_each_under_a_heading_load():
    for line in ODD:
        _outcome(f"1. Stretch\nLie down. {line}\n\n2. Bend\nBend your knee. {line}\n")
