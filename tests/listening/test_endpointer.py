"""The energy endpointer on synthetic frames: where utterances start and end, in audio time."""

import math
from array import array

from sessions.core.endpointer import (BYTES_PER_MS, Began, Dropped, Endpointer, Ended, Speech,
                                      Tuning, power)


def tone(ms: int, amplitude: int = 8000, hz: int = 300) -> bytes:
    n = ms * 16
    return array("h", (int(amplitude * math.sin(2 * math.pi * hz * i / 16_000))
                       for i in range(n))).tobytes()


def quiet(ms: int, amplitude: int = 0) -> bytes:
    return tone(ms, amplitude) if amplitude else bytes(ms * BYTES_PER_MS)


def kinds(events):
    return [type(e).__name__ for e in events]


def feed_in_chunks(ep: Endpointer, audio: bytes, chunk_ms: int = 40) -> list:
    size = chunk_ms * BYTES_PER_MS
    out = []
    for at in range(0, len(audio), size):
        out += ep.feed(audio[at:at + size])
    return out


def test_power_is_the_mean_square_of_the_first_difference():
    assert power(array("h", [3, -3, 3, -3]).tobytes()) == 36
    assert power(array("h", [500] * 160).tobytes()) == 0  # a constant offset is no sound
    assert power(b"") == 0


def add(a: bytes, b: bytes) -> bytes:
    return array("h", (x + y for x, y in zip(array("h", a), array("h", b)))).tobytes()


def test_a_word_over_a_loud_low_hum_still_ends():
    """A hum as loud as speech (a fan, traffic): its level barely moves from frame to frame
    once differenced, so the word over it starts and ends, and the hum alone starts nothing."""
    hum = tone(2000, amplitude=4000, hz=50)
    word = quiet(600) + tone(400, amplitude=8000, hz=900) + quiet(1000)
    events = feed_in_chunks(Endpointer(), add(hum, word))
    assert [k for k in kinds(events) if k != "Speech"] == ["Began", "Ended"]
    assert feed_in_chunks(Endpointer(), hum) == []


def test_a_word_between_silences_is_one_utterance_with_its_preroll():
    ep = Endpointer()
    events = feed_in_chunks(ep, quiet(500) + tone(400) + quiet(500))
    assert kinds(events)[0] == "Began" and kinds(events)[-1] == "Ended"
    began = events[0]
    t = Tuning()
    # the pre-roll (200 ms of quiet) and the 40 ms of tone that confirmed the start
    assert len(began.audio) == (t.preroll_ms + t.start_ms) * BYTES_PER_MS
    speech = sum(len(e.audio) for e in events if isinstance(e, Speech))
    # the rest of the tone and the hangover of quiet that ended it
    assert speech == (400 - t.start_ms + t.hangover_ms) * BYTES_PER_MS
    assert events[-1] == Ended(speech_ms=400)
    assert ep.state == "quiet"


def test_chunk_sizes_do_not_change_what_is_found():
    audio = quiet(300) + tone(250) + quiet(450)
    a = feed_in_chunks(Endpointer(), audio, 40)
    b = feed_in_chunks(Endpointer(), audio, 7)  # not a whole frame: the rest waits
    assert kinds(a) == kinds(b) and a[-1] == b[-1] == Ended(250)


def test_a_click_is_dropped_as_short():
    events = feed_in_chunks(Endpointer(), quiet(300) + tone(60) + quiet(400))
    assert events[0].__class__ is Began and events[-1] == Dropped("short")


def test_a_long_speech_is_dropped_and_nothing_starts_again_until_a_silence():
    t = Tuning()
    events = feed_in_chunks(Endpointer(), quiet(200) + tone(t.max_ms + 2000) + quiet(400)
                            + tone(300) + quiet(400))
    assert kinds(events).count("Began") == 2, "one for the long speech, one after silence"
    assert Dropped("long") in events
    assert events[-1] == Ended(300)


def test_steady_background_noise_raises_the_floor_and_speech_above_it_is_found():
    noise = 1500  # loud enough to pass the absolute minimum
    ep = Endpointer()
    # the first frames are quieter, then the noise: it may start one utterance, dropped
    feed_in_chunks(ep, quiet(4000, noise))
    assert feed_in_chunks(ep, quiet(2000, noise)) == [], "steady noise alone: nothing"
    events = feed_in_chunks(ep, tone(400, 12_000) + quiet(600, noise))
    assert kinds(events)[0] == "Began" and events[-1] == Ended(400)


def test_a_gap_forgets_the_utterance_in_progress():
    ep = Endpointer()
    started = feed_in_chunks(ep, quiet(300) + tone(200))
    assert kinds(started)[0] == "Began"
    assert ep.gap() == [Dropped("gap")]
    assert feed_in_chunks(ep, quiet(500)) == [], "no end for what was forgotten"
    assert ep.gap() == [], "nothing in progress"
