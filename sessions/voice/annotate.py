"""Add audio URLs to a timeline's JSON: `audio` on every step and every mark (URL or null),
and the voice answers (sessions/core/answers.py) with each part's clip."""

from __future__ import annotations

from typing import Callable

AudioUrl = Callable[[str], "str | None"]


def annotate(timeline: dict, audio_url: AudioUrl, answers: dict | None = None) -> dict:
    """A copy of `timeline` (as from Timeline.to_dict()) with audio URLs keyed by cue text;
    with `answers`, those too under "answers", each part as {text, audio}."""
    steps = []
    for step in timeline["steps"]:
        marks = [{**m, "audio": audio_url(m["text"])} for m in step.get("marks", ())]
        steps.append({**step, "audio": audio_url(step["cue"]), "marks": marks})
    out = {**timeline, "steps": steps}
    if answers is not None:
        out["answers"] = _voiced(answers, audio_url)
    return out


def _voiced(value, audio_url: AudioUrl):
    """Every answer ({text, parts}) found in `value` with its parts as {text, audio}."""
    if isinstance(value, list):
        return [_voiced(v, audio_url) for v in value]
    if not isinstance(value, dict):
        return value
    if "parts" in value:
        return {**value, "parts": [{"text": p, "audio": audio_url(p)} for p in value["parts"]]}
    return {k: _voiced(v, audio_url) for k, v in value.items()}
