"""The real decoder (pocketsphinx) through a device's listener, on speech made by Piper now:
commands are heard, the routine's own cue sentences trigger nothing."""

import pytest

from sessions.core.compiler import compile_timeline
from sessions.core.timeline import Options
from sessions.listening import Listener, Recogniser
from tests.listening.speech import chunks, silence


@pytest.fixture(scope="module")
def cues(seed_routine):
    return compile_timeline(seed_routine, Options()).cue_texts()


@pytest.fixture
def listener(cues):
    return Listener("device", "session", None, Recogniser(cues))


def hear(listener, pcm):
    heard = []
    for chunk in chunks(pcm):
        listener.take(chunk)
        if listener.claim():
            listener.drain(heard.append)
    return heard


def test_pause_and_next_are_heard(listener, said):
    assert hear(listener, said("Pause.")) == ["pause"]
    assert hear(listener, said("Next.")) == ["next"]


def test_a_cue_of_the_routine_triggers_nothing(listener, said, cues):
    sentence = next(c for c in cues if "next" in c.lower().split(":")[0].split())
    assert hear(listener, said(sentence)) == [], sentence
    assert hear(listener, said(cues[0])) == [], "the safety note says 'stop'"


def test_a_gap_forgets_what_was_being_said(cues, said):
    word, after = said("Pause.")[:-700 * 32], silence(700)
    heard = []
    for gap in (False, True):
        listener = Listener("device", "session", None, Recogniser(cues))
        heard.append(hear(listener, word))
        if gap:
            listener.gap()
        heard[-1] += hear(listener, after)
    assert heard == [["pause"], []], "the word the app's own audio cut into is not heard"


def test_a_closed_listener_decodes_nothing_more(listener, said):
    listener.close()
    assert hear(listener, said("Pause.")) == []
