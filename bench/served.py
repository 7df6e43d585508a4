"""What the benchmarks that drive a browser share: the app as a user runs it (`python app.py`
on a free loopback port, a fresh data dir, the seed routine's cue clips built against a
stubbed gTTS), and Debian's Chromium under Playwright as the real-browser tests launch it
(tests/support/browser.py)."""

from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser import CHROMIUM, chromium  # noqa: E402,F401 (for the scripts)
from tests.support.server import LimberServer  # noqa: E402

# The settings that change the spoken words: the clips are built with the server's own.
_SPOKEN = ("clinic_name", "clinic_phone", "clinic_booking_url")


@contextmanager
def limber_server(prepare: Callable[[Path], None] | None = None,
                  **settings) -> Iterator[LimberServer]:
    """A running server with `settings` (LimberServer's: time_scale, clinic_name, ...), in a
    temporary folder removed afterwards; `prepare(data_dir)` runs before it starts (to write
    its store). The server may be stopped and started again."""
    from tests.support.voice_clips import build_stub_clips
    with tempfile.TemporaryDirectory(prefix="limber-bench-") as tmp:
        audio, data = Path(tmp) / "audio", Path(tmp) / "data"
        build_stub_clips(audio, **{k: v for k, v in settings.items() if k in _SPOKEN})
        data.mkdir()
        if prepare:
            prepare(data)
        server = LimberServer(data, audio_dir=audio, **settings).start()
        try:
            yield server
        finally:
            server.stop()
