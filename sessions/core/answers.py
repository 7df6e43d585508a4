"""What a device says when asked by voice ("how long left", "what's next", "stop"), as data
sent with the timeline: the words once, here, and the pieces each is spoken from.

Each answer is {"text": the whole sentence (shown), "parts": [the pieces, in order]}. A
phrase is cut at its placeholders ("About {n} minutes left." -> "About", "4", "minutes
left."), so the clips are shared by every session: a few numbers and units answer any
time left, and an exercise's name is its own announce cue ("Bridge."). The device plays
the parts' clips in turn, or says the text with its own voice when one is missing.
"""

from __future__ import annotations

import re

from .phrases import phrases_for
from .timeline import Timeline

_FIELD = re.compile(r"\{(\w+)\}")
SECOND_STEP_MS = 10_000  # under a minute, the time left is said in tens of seconds
MINUTE_MS = 60_000


def spoken(template: str, **values) -> dict:
    """The answer for `template` filled with `values`: its text and its parts."""
    parts: list[str] = []
    for i, piece in enumerate(_FIELD.split(template)):
        piece = str(values[piece]) if i % 2 else piece.strip()
        if not piece:
            continue
        if parts and not re.search(r"\w", piece):  # "." after a value belongs to it
            parts[-1] += piece
        else:
            parts.append(piece)
    return {"text": template.format(**values), "parts": parts}


def time_left(phrases: dict[str, str], total_ms: int) -> list[dict]:
    """The time-left answers as [{from_ms, text, parts}], ascending: the device says the
    last one whose from_ms is at most the time left. Tens of seconds under a minute; then
    whole minutes, rounded (2 minutes from 1:30)."""
    table = [{"from_ms": 0, **spoken(phrases["left_moment"])}]
    for tens in range(1, MINUTE_MS // SECOND_STEP_MS):
        table.append({"from_ms": tens * SECOND_STEP_MS,
                      **spoken(phrases["left_seconds"], n=tens * SECOND_STEP_MS // 1000)})
    table.append({"from_ms": MINUTE_MS, **spoken(phrases["left_minute"])})
    minutes = 2
    while (from_ms := (2 * minutes - 1) * MINUTE_MS // 2) <= total_ms:
        table.append({"from_ms": from_ms, **spoken(phrases["left_minutes"], n=minutes)})
        minutes += 1
    return [row for row in table if row["from_ms"] <= max(total_ms, 0)]


def answers(timeline: Timeline) -> dict:
    """Every answer a device may need for this timeline (see the module's note)."""
    phrases = phrases_for(timeline.language)
    return {
        "time_left": time_left(phrases, timeline.total_ms),
        "whats_next": {x["id"]: spoken(phrases["whats_next"], name=x["name"])
                       for x in timeline.exercises},
        "last_exercise": spoken(phrases["last_exercise"]),
        "stop_confirm": spoken(phrases["stop_confirm"]),
    }


def answer_texts(timeline: Timeline) -> list[str]:
    """Every piece the answers are spoken from, each once: the clips the audio build makes."""
    found = answers(timeline)
    rows = [*found["time_left"], *found["whats_next"].values(), found["last_exercise"],
            found["stop_confirm"]]
    return list(dict.fromkeys(p for row in rows for p in row["parts"]))
