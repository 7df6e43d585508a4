"""A dose in words, as a page prints it: "Hold 8 seconds, 3 times on each side", and each
rep's phases, "Each time: Lift (2 s), Lower slowly (3 s)." The one place that says a dose;
what the dose is (the override typed for a patient, else the routine's value at the pace)
is Options.dose (sessions/core/timeline.py), the rule the timeline plays by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def dose_words(kind: str, sides: str, dose: Mapping[str, int]) -> str:
    """An exercise's dose: `kind` hold, reps or advice; `sides` none, each or both; `dose`
    its played hold (seconds; a hold only), reps and sets. One set is not said."""
    if kind == "advice":
        return "Advice, nothing to time"
    each = " on each side" if sides == "each" else ""
    times = f"{_count(dose['reps'], 'time', 'times')}{each}"
    parts = ([f"Hold {_count(dose['hold'], 'second', 'seconds')}", times] if kind == "hold"
             else [times])
    if dose.get("sets", 1) > 1:
        parts.append(f"{dose['sets']} sets")
    return ", ".join(parts)


def tempo_words(phases: Sequence[tuple[str, int]]) -> str:
    """Each rep's phases, as (what is said, seconds): "Each time: Lift (2 s), Lower (2 s).";
    empty for an exercise without them (a hold)."""
    if not phases:
        return ""
    return "Each time: " + ", ".join(f"{say.rstrip('.')} ({seconds} s)"
                                     for say, seconds in phases) + "."
