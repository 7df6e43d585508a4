"""The manifest of one routine at one pace: cue text -> clip file, duration, size.

`audio_cache/manifests/<routine>-<pace>.json`. The timeline compiler takes its durations
(`speech_ms`) so a spoken cue always fits its step; a cue with no clip falls back to the
estimate from its words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..core.compiler import estimate_speech_ms
from ..core.timeline import SpeechMs
from .clips import atomic_write

VERSION = 1


@dataclass(frozen=True)
class Entry:
    file: str
    duration_ms: int
    bytes: int


@dataclass(frozen=True)
class Manifest:
    routine_id: str
    pace: str
    language: str
    voice: dict  # the primary engine: {"engine", "options"}
    cues: dict[str, Entry] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # cues with no clip (failed): the page speaks them itself

    def speech_ms(self, fallback: SpeechMs = estimate_speech_ms) -> SpeechMs:
        durations = {text: e.duration_ms for text, e in self.cues.items()}

        def speech_ms(text: str) -> int:
            ms = durations.get(text)
            return fallback(text) if ms is None else ms
        return speech_ms

    def to_dict(self) -> dict:
        return {"version": VERSION, "routine_id": self.routine_id, "pace": self.pace,
                "language": self.language, "voice": self.voice,
                "cues": {t: {"file": e.file, "duration_ms": e.duration_ms, "bytes": e.bytes}
                         for t, e in self.cues.items()},
                "missing": list(self.missing)}

    @classmethod
    def from_dict(cls, raw: dict) -> "Manifest":
        return cls(raw["routine_id"], raw["pace"], raw["language"], raw["voice"],
                   {t: Entry(str(e["file"]), int(e["duration_ms"]), int(e["bytes"]))
                    for t, e in raw["cues"].items()},
                   tuple(raw.get("missing", ())))


def manifest_path(audio_dir: str | Path, routine_id: str, pace: str) -> Path:
    return Path(audio_dir) / "manifests" / f"{routine_id}-{pace}.json"


def save(path: Path, manifest: Manifest) -> None:
    atomic_write(path, json.dumps(manifest.to_dict(), ensure_ascii=False, indent=1,
                                  sort_keys=True).encode("utf-8"))


def load(path: Path) -> Manifest | None:
    """The manifest at `path`, or None when there is none or it cannot be read."""
    try:
        return Manifest.from_dict(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
