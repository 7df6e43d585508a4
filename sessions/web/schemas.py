"""Every message a client may send, declared in one place, and the one validator for them.

A payload must be a JSON object holding only the declared fields, each of the declared
type and size; anything else is refused with one sentence that names the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.echo import shown
from ..core.runner import COMMANDS
from ..core.timeline import OVERRIDE_LIMITS, PACES


class PayloadError(ValueError):
    pass


@dataclass(frozen=True)
class Text:
    max_len: int
    required: bool = True
    choices: tuple[str, ...] = ()

    def check(self, name: str, value: Any) -> str:
        if not isinstance(value, str) or not value or len(value) > self.max_len:
            raise PayloadError(f"'{name}' must be text of 1 to {self.max_len} characters")
        if self.choices and value not in self.choices:
            raise PayloadError(f"'{name}' must be one of {', '.join(self.choices)}")
        return value

    def describe(self) -> str:
        if self.choices:
            return "one of " + ", ".join(f"`{c}`" for c in self.choices)
        return f"text, 1 to {self.max_len} characters"


@dataclass(frozen=True)
class Bool:
    required: bool = True

    def check(self, name: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise PayloadError(f"'{name}' must be true or false")
        return value

    def describe(self) -> str:
        return "`true` or `false`"


@dataclass(frozen=True)
class Number:
    low: float
    high: float
    required: bool = False

    def check(self, name: str, value: Any) -> float:
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not self.low <= value <= self.high):
            raise PayloadError(f"'{name}' must be {self.describe()}")
        return float(value)

    def describe(self) -> str:
        return f"a number from {self.low:,.0f} to {self.high:,.0f}"


@dataclass(frozen=True)
class Ids:
    """A list of exercise ids (a subset of a routine), as a tuple."""

    required: bool = False

    def check(self, name: str, value: Any) -> tuple[str, ...]:
        if (not isinstance(value, list) or len(value) > 100
                or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in value)):
            raise PayloadError(f"'{name}' must be a list of exercise ids")
        return tuple(value)

    def describe(self) -> str:
        return "a list of at most 100 exercise ids, each 1 to 100 characters"


@dataclass(frozen=True)
class Overrides:
    """{exercise id: {hold|reps|sets: whole number}}, as sorted tuples (hashable)."""

    required: bool = False

    def check(self, name: str, value: Any) -> tuple:
        if not isinstance(value, dict) or len(value) > 100:
            raise PayloadError(f"'{name}' must map exercise ids to {{hold, reps, sets}}")
        out = []
        for eid, fields in sorted(value.items()):
            if not isinstance(fields, dict) or not set(fields) <= set(OVERRIDE_LIMITS):
                raise PayloadError(f"{shown(f'{name}.{eid}')} must be an object with any of "
                                   f"{', '.join(OVERRIDE_LIMITS)}")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in fields.values()):
                raise PayloadError(f"{shown(f'{name}.{eid}')} values must be whole numbers")
            out.append((eid, tuple(sorted(fields.items()))))
        return tuple(out)

    def describe(self) -> str:
        return (f"an object of at most 100 exercise ids, each to an object with any of "
                f"{', '.join(f'`{k}`' for k in OVERRIDE_LIMITS)}: whole numbers (their limits "
                f"are the routine list's `dose_fields`; outside them: `bad_options`)")


SESSION_ID = Text(40)
TOKEN = Text(64)
OPTIONS = {"pace": Text(20, False, PACES), "exercises": Ids(), "overrides": Overrides()}

SCHEMAS: dict[str, dict] = {
    "create": {"routine_id": Text(100), **OPTIONS, "name": Text(40, False),
               "heartbeat": Bool(False)},
    "join": {"code": Text(20, False), "session_id": Text(40, False), "token": Text(64, False),
             "name": Text(40, False), "device_key": Text(64, False), "heartbeat": Bool(False)},
    "command": {"session_id": SESSION_ID, "token": Text(64, False),
                "command": Text(20, True, COMMANDS), "exercise_id": Text(100, False)},
    "configure": {"session_id": SESSION_ID, "token": TOKEN, **OPTIONS},
    "share_control": {"session_id": SESSION_ID, "token": TOKEN, "enabled": Bool()},
    "end": {"session_id": SESSION_ID, "token": TOKEN},
    "device": {"session_id": SESSION_ID, "audio_unlocked": Bool(False), "muted": Bool(False),
               "offset_ms": Number(-86_400_000, 86_400_000), "rtt_ms": Number(0, 600_000)},
    "ping": {},
}


def field_limits() -> list[tuple[str, str, bool, str]]:
    """(event, field, required, what it must be) for every declared field: the table that
    docs/protocol.md shows (a test keeps the two equal)."""
    return [(event, name, field.required, field.describe())
            for event, schema in SCHEMAS.items() for name, field in schema.items()]


def validate(event: str, payload: Any) -> dict:
    """The payload's declared fields (absent optional ones left out), or PayloadError."""
    schema = SCHEMAS.get(event)
    if schema is None:
        raise PayloadError(f"unknown event {event!r}")
    if payload is None and not any(f.required for f in schema.values()):
        payload = {}
    if not isinstance(payload, dict):
        raise PayloadError("expected a JSON object")
    unknown = [k for k in payload if k not in schema]
    if unknown:
        raise PayloadError(f"unexpected field {shown(unknown[0])} in {event!r}")
    out = {}
    for name, field in schema.items():
        if payload.get(name) is None:
            if field.required:
                raise PayloadError(f"'{name}' is missing")
            continue
        out[name] = field.check(name, payload[name])
    return out
