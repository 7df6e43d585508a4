"""Showing a caller's value back in a message, never more than a short excerpt.

A problem or refusal names the value it could not use, but that value may be a megabyte of
text or a YAML alias bomb: every message that echoes one goes through `shown` (or `clipped`
for text that is already a sentence), so the answer stays small whatever came in.
"""

from __future__ import annotations

import reprlib

LIMIT = 80  # characters of an echoed value

# Limits that stop repr from walking (or building) more than a glimpse of a big value.
_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = LIMIT
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6


def clipped(text: str, limit: int = LIMIT) -> str:
    """`text`, cut to `limit` characters with '...' at the cut."""
    return text if len(text) <= limit else text[:limit - 3] + "..."


def shown(value: object, limit: int = LIMIT) -> str:
    """repr(value), cut to `limit` characters, computed without a full repr of a big value."""
    return clipped(_REPR.repr(value), limit)
