"""A dose: a whole number or a range of them (hold seconds, reps, sets, tempo seconds,
rests), where it comes from, and its parser; a hold or reps may be given per side.

Pure, like the rest of the routine parser (sessions.core.model), which calls these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .echo import shown
from .fields import Place, Problems, unknown_keys

ORIGINS = ("source", "editorial")


@dataclass(frozen=True)
class Dose:
    """A whole number or a range of them, and where it comes from."""

    low: int
    high: int
    origin: str  # "source" (the seed text says so) or "editorial" (our default)
    quote: str = ""

    def pick(self, pace: str) -> int:
        if pace == "gentle":
            return self.low
        if pace == "extended":
            return self.high
        return (self.low + self.high + 1) // 2  # middle, halves rounded up

    def to_dict(self) -> dict:
        return {"min": self.low, "max": self.high, "from": self.origin, "quote": self.quote}


def parse_dose(p: Problems, where: Place, field: str, raw: Any, minimum: int, maximum: int):
    label = f"field '{field}'"
    if raw is None:
        p.add(where, f"{label}: missing (e.g. {{min: 8, max: 10, from: source}})")
        return None
    if not isinstance(raw, dict):
        p.add(where, f"{label}: expected {{value: N, from: ...}} or {{min: A, max: B, from: ...}},"
                     f" got {shown(raw)}")
        return None
    before = len(p)
    unknown_keys(p, where.at(label, field), raw, {"value", "min", "max", "from", "quote"})
    if "value" in raw and ("min" in raw or "max" in raw):
        p.add(where, f"{label}: give either 'value' or 'min' and 'max', not both")
    elif "value" in raw:
        low = high = raw["value"]
    elif "min" in raw and "max" in raw:
        low, high = raw["min"], raw["max"]
    else:
        p.add(where, f"{label}: needs 'value', or both 'min' and 'max'")
    origin = raw.get("from")
    if origin not in ORIGINS:
        p.add(where, f"{label}: 'from' must say where the value comes from "
                     f"({' or '.join(ORIGINS)}), got {shown(origin)}")
    if len(p) > before:
        return None
    for v in (low, high):
        if isinstance(v, bool) or not isinstance(v, int):
            p.add(where, f"{label}: expected a whole number such as 3, got {shown(v)}")
            return None
        if not minimum <= v <= maximum:
            p.add(where, f"{label}: {v} is not between {minimum} and {maximum}")
            return None
    if low > high:
        p.add(where, f"{label}: min {low} is more than max {high} (the smaller number is "
                     f"the min)")
        return None
    quote = raw.get("quote", "")
    if not isinstance(quote, str):
        p.add(where, f"{label}: 'quote' must be text")
        return None
    return Dose(low, high, origin, quote)


def parse_sided(p: Problems, where: Place, field: str, raw: Any, sides: str | None,
           maximum: int) -> tuple[Dose | None, Dose | None]:
    """A hold or reps: one dose, or one per side ({left: dose, right: dose}) on an exercise
    done on each side. Returns (the dose or the left one, the right one or None)."""
    if not (isinstance(raw, dict) and ("left" in raw or "right" in raw)):
        return parse_dose(p, where, field, raw, minimum=1, maximum=maximum), None
    at = where.at(field, field)
    if sides != "each":
        p.add(where, f"field '{field}': a dose per side (left, right) needs sides: each")
        return None, None
    unknown_keys(p, at, raw, {"left", "right"})
    return (parse_dose(p, at, "left", raw.get("left"), minimum=1, maximum=maximum),
            parse_dose(p, at, "right", raw.get("right"), minimum=1, maximum=maximum))
