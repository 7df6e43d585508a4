"""The fixed words the timeline speaks, per language.

Routine files carry their own instructions; these are the phrases every routine shares
("hold", "rest", the counted seconds). Keeping them here, keyed by language, means no
other module assumes English. Short, identical phrases become one shared audio clip each.
"""

from __future__ import annotations

from .echo import shown

# What a routine may say it needs (`equipment`); each language names them ("equipment.mat").
EQUIPMENT = ("mat", "towel", "wall", "chair", "pillow", "bed")

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "hold": "Hold.",
        "side_hold": "{side} {word}. Hold.",
        "halfway": "Halfway.",
        "switch": "Switch sides.",
        "rest": "Rest.",
        "rest_next_set": "Rest. Set {set} of {sets} next.",
        "next_up": "Rest. Next up: {name}.",
        "announce": "{name}.",
        "get_ready": "Get into position.",
        "rep_phase": "{rep}. {say}",
        "done": "Well done. That is the end of your routine.",
        "left": "Left",
        "right": "Right",
        "count_1": "One.",
        "count_2": "Two.",
        "count_3": "Three.",
        "stop_if": "Stop if {criterion}.",
        "equipment": "You will need {items}.",
        "list_and": "{items} and {last}",
        "equipment.mat": "a mat",
        "equipment.towel": "a towel",
        "equipment.wall": "a wall",
        "equipment.chair": "a chair",
        "equipment.pillow": "a pillow",
        "equipment.bed": "a bed",
    },
}


def missing(language: str) -> str | None:
    """Why `language` cannot be spoken (no phrase table for it or its base), or None."""
    if language in PHRASES or language.split("-")[0] in PHRASES:
        return None
    return f"no spoken phrases for {shown(language)} (available: {', '.join(sorted(PHRASES))})"


def phrases_for(language: str) -> dict[str, str]:
    """The phrase table for a language code such as 'en' or 'en-GB'."""
    problem = missing(language)
    if problem:
        raise KeyError(problem)
    return PHRASES.get(language) or PHRASES[language.split("-")[0]]
