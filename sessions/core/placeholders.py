"""Placeholders in routine text: which a field allows, how they are checked and filled.

Only the outro names clinic details (`{clinic}`, `{phone}`, `{booking}`); every other
spoken text takes none. A placeholder is a bare name in braces and nothing else: the text is
never passed to str.format, whose field syntax (`{clinic.attr}`, `{clinic[0]}`) reaches into
objects.
"""

from __future__ import annotations

import re

from .echo import shown

OUTRO = ("clinic", "phone", "booking")

_BRACED = re.compile(r"\{[^{}]*\}")  # a pair of braces and what they hold
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


def problem(text: str, allowed: tuple[str, ...] = ()) -> str | None:
    """Why `text` cannot be spoken as written (its first fault), or None."""
    for match in _BRACED.finditer(text):
        name = _PLACEHOLDER.fullmatch(match.group())
        if name is None or name.group(1) not in allowed:
            where = (f"allowed: {', '.join('{' + a + '}' for a in allowed)}" if allowed
                     else "this text takes no placeholders")
            return f"{shown(match.group())} is not allowed here ({where})"
    stray = _BRACED.sub("", text)
    for brace in "{}":
        if brace in stray:
            return (f"a lone {brace!r}: braces only mark a placeholder such as "
                    f"{'{' + allowed[0] + '}' if allowed else '{clinic} in the outro'}")
    return None


def names(text: str) -> list[str]:
    """The placeholders `text` uses, in order."""
    return _PLACEHOLDER.findall(text)


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value (values are not re-read)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group()), text)
