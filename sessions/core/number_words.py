"""Numbers as handouts write them: digits ("12", "1.5") or words ("eight", "twenty-five",
"a dozen", "twice", "three-time").

Pure. `NUMBER` is a regular-expression fragment matching one number (no groups of its own,
so callers can wrap it); `value` turns what it matched into a number, or None.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
# Words that are a whole count on their own ("repeat twice", "a dozen times").
WHOLE = {"once": 1, "twice": 2, "thrice": 3, "a dozen": 12, "dozen": 12, "a hundred": 100,
         "one hundred": 100, "half a": 0.5, "a half": 0.5, "a": 1, "an": 1}

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_TENS_WORDS = "|".join(TENS)
_WHOLE_WORDS = "|".join(w.replace(" ", r"\s+") for w in sorted(WHOLE, key=len, reverse=True)
                        if w not in ("a", "an"))
_WORD = (rf"(?:(?:{_TENS_WORDS})(?:[\s-]+(?:{_UNIT_WORDS}))?|{_UNIT_WORDS}|{_WHOLE_WORDS})")
# A digit number may carry a decimal part ("1.5 minutes") but never a thousands comma.
# The lookahead on the first letter lets the regex engine skip most words at once: it made
# the dose patterns about four times faster on long text.
_FIRST = "".join(sorted({w[0] for w in (*UNITS, *TENS, *WHOLE)}))
NUMBER = rf"(?:\d+(?:[.,]\d+)?|\b(?=[{_FIRST}{_FIRST.upper()}]){_WORD}\b)"
# "a minute", "an hour": the article counts as one, only where a unit follows.
ARTICLE = r"(?:\ban?\b)"


def value(text: str) -> float | None:
    """The number `text` spells, or None when it is not one."""
    t = re.sub(r"[\s-]+", " ", text.strip().lower())
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+[.,]\d+", t):
        return float(t.replace(",", "."))
    if t in WHOLE:
        return WHOLE[t]
    if t in UNITS:
        return UNITS[t]
    if t in TENS:
        return TENS[t]
    parts = t.split(" ")
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS and UNITS[parts[1]] < 10:
        return TENS[parts[0]] + UNITS[parts[1]]
    return None
