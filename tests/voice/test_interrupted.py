"""A build that dies halfway leaves no partial clip: only complete, valid files have names."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from sessions.voice import clips
from sessions.voice.build import Synthesizer
from sessions.voice.clips import NAME_RE, PARTIAL_PREFIX, ClipStore, mp3_duration_ms
from sessions.voice.engines import GTTSEngine

ROOT = Path(__file__).resolve().parents[2]


def assert_only_complete_clips(audio: Path):
    for f in audio.glob("*.mp3"):
        assert NAME_RE.fullmatch(f.stem), f
        assert mp3_duration_ms(f.read_bytes()) > 0, f


def test_an_exception_mid_write_leaves_nothing(tmp_path, google, monkeypatch):
    def half_then_die(fh, data):
        fh.write(data[: len(data) // 2])
        raise KeyboardInterrupt  # as if ^C arrived mid-write

    store = ClipStore(tmp_path / "audio")
    synth = Synthesizer([GTTSEngine()], store, sleep=lambda s: None)
    synth.run([("en", "Hold.")])
    monkeypatch.setattr(clips, "_write_all", half_then_die)
    with pytest.raises(KeyboardInterrupt):
        synth.run([("en", "Rest.")])
    files = sorted(p.name for p in store.root.iterdir())
    assert len(files) == 1 and not any(f.startswith(PARTIAL_PREFIX) for f in files)
    assert_only_complete_clips(store.root)


CHILD = textwrap.dedent("""
    import sys, threading, responses
    sys.path[:0] = [{root!r}]
    from tests.support.gtts_stub import TTS_URL, body_for
    from sessions.voice import clips
    from sessions.voice.build import Synthesizer
    from sessions.voice.clips import ClipStore
    from sessions.voice.engines import GTTSEngine

    mp3 = open({mp3!r}, "rb").read()
    done = 0
    real = clips._write_all
    def slow_write(fh, data):
        global done
        done += 1
        if done == 4:  # the fourth clip: write half, say so, then hang until killed
            fh.write(data[: len(data) // 2]); fh.flush()
            print("HALF", flush=True)
            threading.Event().wait()
        real(fh, data)
    clips._write_all = slow_write
    with responses.RequestsMock() as r:
        r.add(responses.POST, TTS_URL, body=body_for(mp3))
        texts = ["Hold.", "Rest.", "One.", "Two.", "Three.", "Halfway.", "Switch sides."]
        Synthesizer([GTTSEngine()], ClipStore({audio!r})).run([("en", t) for t in texts])
    print("FINISHED", flush=True)
""")


def test_a_killed_build_leaves_no_partial_clip_and_the_next_build_finishes(tmp_path, mp3s,
                                                                           google):
    mp3 = tmp_path / "one.mp3"
    mp3.write_bytes(mp3s[0.5])
    audio = tmp_path / "audio"
    script = CHILD.format(root=str(ROOT), mp3=str(mp3), audio=str(audio))
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    hung = threading.Timer(60, child.kill)  # only ends a child that never gets there
    hung.start()
    try:
        reached = any("HALF" in line for line in child.stdout)  # False at end of output
        assert reached, "the child never reached the half-written clip"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        hung.cancel()
        child.kill()
        child.wait(10)
        child.stdout.close()
    partials = list(audio.glob(PARTIAL_PREFIX + "*"))
    assert partials, "the kill should have left the temporary file behind"
    assert_only_complete_clips(audio)
    finished = len(list(audio.glob("*.mp3")))
    assert 1 <= finished < 7

    store = ClipStore(audio)
    synth = Synthesizer([GTTSEngine()], store, sleep=lambda s: None)
    texts = ["Hold.", "Rest.", "One.", "Two.", "Three.", "Halfway.", "Switch sides."]
    assert store.sweep_partials() == len(partials)  # every build starts with this
    results = synth.run([("en", t) for t in texts])
    assert all(o.ok for o in results.values())
    assert sum(o.status == "cached" for o in results.values()) == finished
    assert len(google.texts) == 7 - finished
    assert not list(audio.glob(PARTIAL_PREFIX + "*"))
    assert_only_complete_clips(audio)
    assert len(list(audio.glob("*.mp3"))) == 7
