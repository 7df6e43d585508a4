"""Cue audio: engines (gTTS, Piper), content-addressed clips, builds, manifests.

engines.py   text -> MP3 bytes, and which failures are worth retrying
clips.py     clip names (content hash), MP3 validation, atomic writes
build.py     synthesise distinct cues with bounded concurrency and retries; write manifests
manifest.py  per routine and pace: cue -> file, duration, bytes; durations for the compiler
annotate.py  audio URLs on a timeline's JSON
service.py   Voice: what the app and the CLI use
"""

from .service import Voice

__all__ = ["Voice"]
