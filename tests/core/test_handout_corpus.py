"""Every handout of the corpus (tests/corpus/handouts/) parses to its expected reading: the
same exercises, sides and doses, no dose the text does not give, the reviews flagged, and a
draft that loads as a routine."""

import re

import pytest

from sessions.core.handout_parser import parse_handout
from sessions.core.model import parse_routine
from tests.corpus.scoring import corpus, expected, flagged, score

HANDOUTS = corpus()


def test_the_corpus_has_the_seed_and_ten_more():
    assert len(HANDOUTS) >= 11 and any(p.name.startswith("seed_") for p in HANDOUTS)


@pytest.mark.parametrize("handout", HANDOUTS, ids=[p.stem for p in HANDOUTS])
def test_a_handout_parses_to_its_expected_reading(handout):
    text = handout.read_text()
    draft = parse_handout(text)
    wanted = expected(handout)
    s = score(handout.name, draft, wanted)
    assert s.misses == [] and s.invented == []
    assert s.boundaries_right == s.boundaries == len(draft.routine["exercises"])
    for n, want in enumerate(wanted):
        if "review" in want:
            assert flagged(draft, n, want["review"]), want["name"]
        assert (draft.routine["exercises"][n]["kind"] == "advice") == (
            want.get("kind") == "advice"), want["name"]
    flat = re.sub(r"\s+", " ", text)
    assert all(re.sub(r"\s+", " ", f["quote"]) in flat for f in draft.found)
    parse_routine(draft.routine, handout.name)
