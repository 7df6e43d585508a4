"""Cue clips for browser tests, made with the project's own voice build and a stubbed gTTS.

The server must not need the internet: before it starts, the real build (gTTS's real code)
runs here with Google's endpoint stubbed by `responses`, answering silent MP3s made by
ffmpeg, into a temporary audio directory the server is then pointed at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import responses

from sessions.catalog import Catalog
from sessions.config import Settings
from sessions.core.timeline import PACES
from sessions.voice import Voice
from tests.support.gtts_stub import TTS_URL, body_for, length_for, make_mp3, text_of


def build_stub_clips(audio_dir: Path, routine_ids=("lower-back-hip",), paces=PACES,
                     **settings):
    """Build every cue of `routine_ids` at `paces` into `audio_dir`; returns the build report.
    `settings` (e.g. clinic_phone) must match the server's: they change the spoken words."""
    if not shutil.which("ffmpeg"):
        raise RuntimeError("ffmpeg is needed (Debian package ffmpeg; .ci/run installs it)")
    audio_dir = Path(audio_dir)
    audio_dir.mkdir(parents=True, exist_ok=True)
    mp3_dir = audio_dir.parent / f"{audio_dir.name}-silence"
    mp3_dir.mkdir(exist_ok=True)
    mp3s = {s: make_mp3(mp3_dir / f"{s}.mp3", s) for s in (0.5, 1.0, 2.0, 4.0)}
    settings = Settings(audio_dir=audio_dir, **settings)
    voice = Voice.from_settings(settings)
    catalog = Catalog(settings, voice=voice)
    routines = [catalog.library.routines[r] for r in routine_ids]

    def answer(request):
        return 200, {}, body_for(mp3s[length_for(text_of(request))])

    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.POST, TTS_URL, callback=answer)
        report = voice.build(routines, catalog.options, paces, sleep=lambda s: None)
    if report.failed:
        raise RuntimeError(f"stub voice build failed: {report.summary()}")
    return report
