"""gTTS's real code against a stubbed Google endpoint (the `responses` library): no network.

The stub answers like translate.google.com's batchexecute: `)]}'`, a length line, then a
compact JSON row whose third field holds the base64 MP3.
"""

from __future__ import annotations

import shutil

import pytest
import responses

from tests.support.gtts_stub import TTS_URL, body_for, length_for, make_mp3, text_of


@pytest.fixture(scope="session")
def mp3s(tmp_path_factory):
    """Silent MP3s of a few lengths, made once with ffmpeg."""
    if not shutil.which("ffmpeg"):
        pytest.fail("ffmpeg is needed (Debian package ffmpeg; .ci/run installs it)")
    d = tmp_path_factory.mktemp("mp3")
    return {s: make_mp3(d / f"{s}.mp3", s) for s in (0.5, 1.0, 2.0, 4.0)}


@pytest.fixture
def google(mp3s):
    """A stubbed endpoint. `google.handler` decides each answer; every request is recorded."""
    class Google:
        def __init__(self):
            self.texts: list[str] = []
            self.handler = lambda text: (200, body_for(mp3s[length_for(text)]))

        def callback(self, request):
            text = text_of(request)
            self.texts.append(text)
            answer = self.handler(text)
            if isinstance(answer, BaseException):
                raise answer
            status, body = answer[:2]
            headers = answer[2] if len(answer) > 2 else {}
            return status, headers, body

    g = Google()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.POST, TTS_URL, callback=g.callback)
        g.rsps = rsps
        yield g
