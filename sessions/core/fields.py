"""The field checkers a parser of loaded YAML is built from.

Each checks one field of a mapping, adds a problem that names the field (echoing at most a
glimpse of a bad value) and returns the value, or a blank the caller will not use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import placeholders
from .echo import shown

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 100  # characters: what a session's messages may name (routine_id, exercise_id)
MAX_PROBLEMS = 20  # per file: enough to fix it in one pass, never a flood


# A message that starts by naming a field: the field (and sentence) join the path.
_FIELD = re.compile(r"^field '([\w.]+)'(?:, sentence (\d+))?: (.*)$", re.S)
_UNKNOWN = re.compile(r"^unknown field '([^']*)'")


@dataclass(frozen=True)
class Place:
    """Where a problem is: as a reader says it ("exercise 'bridge' (#4): timing") and as a
    path into the document ("exercises[3].timing"), the editor's way to point at a field."""

    words: str
    path: str = ""

    def __str__(self) -> str:
        return self.words

    def at(self, words: str, key: str = "", index: int | None = None) -> "Place":
        path = f"{self.path}.{key}" if self.path and key else self.path or key
        return Place(f"{self.words}: {words}",
                     path if index is None else f"{path}[{index}]")


ROUTINE = Place("routine")


class Problems:
    """Collects messages that all name the file (and the exercise, when there is one);
    past MAX_PROBLEMS it only counts them."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[tuple[Place | str, str]] = []
        self.more = 0

    def __len__(self) -> int:
        return len(self.items) + self.more

    def add(self, where: Place | str, message: str) -> None:
        """`where` is a Place, or plain words for a place with no path of its own."""
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((where, message))
        else:
            self.more += 1

    def listed(self) -> list[str]:
        """As `routines check` prints them: "file: where: message"."""
        more = [f"{self.source}: ... and {self.more} more problems"] if self.more else []
        return [f"{self.source}: {where}: {message}" for where, message in self.items] + more

    def structured(self) -> list[dict]:
        """The same messages, each with the path of the field it is about (the editor
        shows it there): {"path": "exercises[2].hold", "message": "..."}."""
        out = [{"path": path_of(getattr(where, "path", ""), message),
                "message": f"{where}: {message}"} for where, message in self.items]
        if self.more:
            out.append({"path": "", "message": f"... and {self.more} more problems"})
        return out


def path_of(base: str, message: str) -> str:
    """The field a message names ("field 'hold': ...", "unknown field 'x'"), under `base`."""
    match = _FIELD.match(message)
    if match:
        key, sentence = match.group(1), match.group(2)
        key = f"{key}[{int(sentence) - 1}]" if sentence else key
    elif (unknown := _UNKNOWN.match(message)):
        key = unknown.group(1)
    else:
        return base
    return f"{base}.{key}" if base else key


def unknown_keys(p: Problems, where: Place, data: dict, allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            p.add(where, f"unknown field {shown(key)} (expected one of "
                         f"{', '.join(sorted(allowed))})")


def slug(p: Problems, where: Place, data: dict, field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or len(value) > MAX_ID or not _ID.match(value):
        p.add(where, f"field '{field}': expected a lower-case id like 'knee-to-chest' "
                     f"(at most {MAX_ID} characters), got {shown(value)}")
        return ""
    return value


def text(p: Problems, where: Place, data: dict, field: str) -> str:
    """Text that may be spoken (a name, a word): no placeholders."""
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        p.add(where, f"field '{field}': expected non-empty text, got {shown(value)}")
        return ""
    fault = placeholders.problem(value)
    if fault:
        p.add(where, f"field '{field}': {fault}")
        return ""
    return value


def choice(p: Problems, where: Place, data: dict, field: str, allowed: tuple, default):
    value = data.get(field, default)
    if value not in allowed:
        p.add(where, f"field '{field}': expected one of {', '.join(allowed)}, "
                     f"got {shown(value)}")
        return None
    return value


def sentences(p: Problems, where: Place, data: dict, field: str, required: bool,
               allowed: tuple[str, ...] = ()):
    """Spoken text is a list of short sentences: each becomes its own cue. Only the
    placeholders in `allowed` may appear (the compiler fills them)."""
    value = data.get(field)
    if value is None and not required:
        return ()
    if (not isinstance(value, list) or not value
            or not all(isinstance(s, str) and s.strip() for s in value)):
        p.add(where, f"field '{field}': expected a list of sentences (non-empty text)")
        return ()
    before = len(p)
    for number, sentence in enumerate(value, start=1):
        fault = placeholders.problem(sentence, allowed)
        if fault:
            p.add(where, f"field '{field}', sentence {number}: {fault}")
    return () if len(p) > before else tuple(s.strip() for s in value)
