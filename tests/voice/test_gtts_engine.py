"""GTTSEngine runs gTTS's real code; only the HTTP layer is stubbed."""

import json
import urllib.parse

import pytest
import requests
import responses

from sessions.voice.clips import InvalidClip, mp3_duration_ms, validate_clip
from sessions.voice.engines import GTTSEngine, PermanentError, TransientError

from tests.support.gtts_stub import NO_AUDIO_BODY, body_for


def test_success_returns_the_mp3_and_always_passes_a_timeout(google, mp3s):
    data = GTTSEngine(timeout=7.5).synthesize("Hold.", "en")
    assert data == mp3s[0.5]
    assert 400 <= mp3_duration_ms(data) <= 700
    assert google.rsps.calls[0].request.req_kwargs["timeout"] == 7.5
    assert google.texts == ["Hold."]


def test_tld_picks_the_host_and_slow_the_speed(google, mp3s):
    url = "https://translate.google.co.uk/_/TranslateWebserverUi/data/batchexecute"
    google.rsps.add(responses.POST, url, body=body_for(mp3s[0.5]))
    GTTSEngine(tld="co.uk", slow=True).synthesize("Rest.", "en")
    request = google.rsps.calls[0].request
    assert request.url == url
    rpc = json.loads(urllib.parse.parse_qs(request.body)["f.req"][0])
    assert json.loads(rpc[0][0][1])[2] is True  # gTTS's "slow" speed flag


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_rate_limit_and_server_errors_are_transient(google, status):
    google.handler = lambda text: (status, "busy", {"Retry-After": "3"})
    with pytest.raises(TransientError) as err:
        GTTSEngine().synthesize("Hold.", "en")
    assert str(status) in str(err.value) and err.value.retry_after == 3.0


def test_a_timeout_is_transient(google):
    google.handler = lambda text: requests.exceptions.ReadTimeout("read timed out")
    with pytest.raises(TransientError):
        GTTSEngine(timeout=0.5).synthesize("Hold.", "en")


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_permanent(google, status):
    google.handler = lambda text: (status, "no")
    with pytest.raises(PermanentError):
        GTTSEngine().synthesize("Hold.", "en")


def test_a_200_without_audio_is_permanent(google):
    google.handler = lambda text: (200, NO_AUDIO_BODY)
    with pytest.raises(PermanentError, match="200"):
        GTTSEngine().synthesize("Hold.", "en")


def test_an_unsupported_language_is_permanent_and_sends_nothing(google):
    with pytest.raises(PermanentError):
        GTTSEngine().synthesize("Hold.", "xx-nowhere")
    assert google.texts == []


def test_long_cues_cost_one_request_per_chunk(google):
    text = ("Lie on your back with your knees bent and your feet flat on the floor, "
            "then slowly bring one knee up towards your chest, holding it with both hands.")
    engine = GTTSEngine()
    chunks = engine.requests_for(text, "en")
    assert chunks >= 2  # over 100 characters: split at punctuation
    data = engine.synthesize(text, "en")
    assert len(google.texts) == chunks and " ".join(google.texts).startswith("Lie on your")
    # one stream whose length is every chunk's, not the first chunk's header
    assert mp3_duration_ms(data) >= chunks * 900


def test_validation_refuses_what_is_not_a_plausible_mp3(mp3s):
    assert validate_clip(mp3s[1.0], "Switch sides.") > 900
    for junk in (b"", b"<html>captive portal</html>" * 20, bytes(range(256)) * 40,
                 b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 2000):
        with pytest.raises(InvalidClip):
            validate_clip(junk, "Switch sides.")
    with pytest.raises(InvalidClip, match="plausible"):
        validate_clip(mp3s[4.0], "One.")  # four seconds for one word
    with pytest.raises(InvalidClip, match="plausible"):
        validate_clip(mp3s[0.5], "A long instruction " * 12)  # half a second for 40 words
