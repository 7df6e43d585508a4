"""Add audio URLs to a timeline's JSON: `audio` on every step and every mark (URL or null)."""

from __future__ import annotations

from typing import Callable

AudioUrl = Callable[[str], "str | None"]


def annotate(timeline: dict, audio_url: AudioUrl) -> dict:
    """A copy of `timeline` (as from Timeline.to_dict()) with audio URLs keyed by cue text."""
    steps = []
    for step in timeline["steps"]:
        marks = [{**m, "audio": audio_url(m["text"])} for m in step.get("marks", ())]
        steps.append({**step, "audio": audio_url(step["cue"]), "marks": marks})
    return {**timeline, "steps": steps}

