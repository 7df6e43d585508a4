"""The voice as the app sees it: durations for the compiler, audio URLs for the timeline JSON,
builds on demand (CLI) or in the background (never blocking a page)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable, Sequence

from ..core.compiler import estimate_speech_ms
from ..core.timeline import PACES, SpeechMs, Timeline
from . import manifest as manifests
from .annotate import annotate
from .build import Report, Synthesizer, build
from .clips import ClipStore
from .engines import engine_key, engines_from_settings

log = logging.getLogger(__name__)
AUDIO_URL = "/audio/{file}"


class Voice:
    def __init__(self, audio_dir: str | Path, engines_factory: Callable[[], list],
                 voice_key: dict):
        self.audio_dir = Path(audio_dir)
        self.store = ClipStore(self.audio_dir)
        self.engines_factory = engines_factory
        self.voice_key = voice_key  # manifests made with another voice are ignored
        self._loaded: dict[Path, tuple[int, manifests.Manifest | None]] = {}
        self._lock = threading.Lock()
        self._building = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> "Voice":
        # The key is the configured engine's own: manifests made with another voice are ignored.
        key = engine_key(engines_from_settings(settings)[0])
        return cls(settings.audio_dir, lambda: engines_from_settings(settings), key)

    # -- reading manifests (cheap: one stat per call, parsed again only when changed) --------

    def version(self, routine_id: str, pace: str) -> int:
        """Changes whenever the manifest does (its mtime), so compiled timelines refresh."""
        try:
            return manifests.manifest_path(self.audio_dir, routine_id, pace).stat().st_mtime_ns
        except (OSError, ValueError):
            return 0

    def manifest(self, routine_id: str, pace: str) -> manifests.Manifest | None:
        path = manifests.manifest_path(self.audio_dir, routine_id, pace)
        version = self.version(routine_id, pace)
        if not version:
            return None
        with self._lock:
            cached = self._loaded.get(path)
            if cached and cached[0] == version:
                return cached[1]
        found = manifests.load(path)
        if found is not None and (found.voice != self.voice_key or found.routine_id != routine_id
                                  or found.pace != pace):
            found = None
        with self._lock:
            self._loaded[path] = (version, found)
        return found

    def speech_ms(self, routine_id: str, pace: str) -> SpeechMs:
        found = self.manifest(routine_id, pace)
        return found.speech_ms() if found else estimate_speech_ms

    def audio_url(self, routine_id: str, pace: str) -> Callable[[str], str | None]:
        found = self.manifest(routine_id, pace)
        cues = found.cues if found else {}

        def url(text: str) -> str | None:
            entry = cues.get(text)
            return AUDIO_URL.format(file=entry.file) if entry else None
        return url

    def annotate(self, timeline: Timeline) -> dict:
        """The timeline's JSON with `audio` on each step and mark (null when no clip)."""
        return annotate(timeline.to_dict(), self.audio_url(timeline.routine_id, timeline.pace))

    # -- building -----------------------------------------------------------------------

    def build(self, routines: Sequence, options_for, paces: Sequence[str] = PACES,
              on_plan=None, on_done=None, **synth_options) -> Report:
        synth = Synthesizer(self.engines_factory(), self.store, **synth_options)
        return build(routines, paces, options_for, synth, self.audio_dir,
                     on_plan=on_plan, on_done=on_done)

    def start_background_build(self, routines: Sequence, options_for,
                               spawn: Callable | None = None) -> bool:
        """Build what is missing in a background task; False when one is already running."""
        if not self._building.acquire(blocking=False):
            return False

        def work():
            try:
                report = self.build(routines, options_for)
                log.info("voice build: %s", report.summary())
                for out in report.failed:
                    log.warning("voice: no clip for %r: %s", out.text, out.error)
            except Exception:  # a background task must not die silently
                log.exception("voice build failed")
            finally:
                self._building.release()

        try:
            (spawn or _thread)(work)
        except BaseException:
            self._building.release()
            raise
        return True


def _thread(fn):
    t = threading.Thread(target=fn, name="voice-build", daemon=True)
    t.start()
    return t
