"""What a patient's device sends: records, each checked field by field, and which of a
request's records are stored. Each device numbers its records 1, 2, 3, ...; the server
keeps them in that order with no gap, each (device, seq) once, so sending twice changes
nothing and a record after a gap waits until the gap is filled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .days import day_number
from .programme import whole
from .stop_rule import REASONS

MAX_RECORDS = 500  # per request
EFFORTS = ("too_easy", "about_right", "too_hard")
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
COMMON = ("seq", "kind", "local_day", "at", "device_id")
_TEXT = {"run_id": 64, "exercise_id": 100}
KINDS = {  # kind: {field: required}
    "run_started": {"run_id": True, "version": True, "start_pain": False},
    "check": {"run_id": True, "exercise_id": True, "pain": True, "effort": True,
              "skipped": True},
    "exercise_stopped": {"run_id": True, "exercise_id": True, "reason": True},
    "run_ended": {"run_id": True, "completed": True, "exercises_done": True,
                  "exercises_skipped": True, "duration_ms": True},
}


class RecordError(ValueError):
    pass


@dataclass(frozen=True)
class Accepted:
    stored: list[dict]  # to store now, in seq order
    acked_through: int  # the highest seq stored for the device once they are
    error: tuple[int, str] | None = None  # (index in the request, what is wrong)


def check_device_id(value) -> str:
    if not isinstance(value, str) or not DEVICE_ID.match(value):
        raise RecordError("'device_id' must be 1 to 64 letters, digits, '_' or '-'")
    return value


def check_record(record, device_id: str) -> dict:
    """The record with only its declared fields, or RecordError naming the field."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    kind = record.get("kind")
    if kind not in KINDS:
        raise RecordError(f"'kind' must be one of {', '.join(KINDS)}")
    fields = KINDS[kind]
    unknown = [k for k in record if k not in COMMON and k not in fields]
    if unknown:
        raise RecordError(f"unexpected field {str(unknown[0])[:40]!r} in a {kind} record")
    if record.get("device_id", device_id) != device_id:
        raise RecordError("'device_id' of a record must be the request's 'device_id'")
    if not whole(record.get("seq"), 1):
        raise RecordError("'seq' must be a whole number from 1")
    try:
        day_number(record.get("local_day"))
    except ValueError as err:
        raise RecordError(f"'local_day': {err}") from None
    if not whole(record.get("at"), 0):
        raise RecordError("'at' must be the device's time in epoch milliseconds")
    out = {"seq": record["seq"], "kind": kind, "local_day": record["local_day"],
           "at": record["at"]}
    for name, required in fields.items():
        if name not in record:
            if required:
                raise RecordError(f"'{name}' is missing from a {kind} record")
            continue
        out[name] = _field(name, record[name])
    return out


def _field(name: str, value):
    if name in _TEXT:
        if not isinstance(value, str) or not 0 < len(value) <= _TEXT[name]:
            raise RecordError(f"'{name}' must be text of 1 to {_TEXT[name]} characters")
    elif name in ("pain", "start_pain"):
        if value is not None and not whole(value, 0, 10):
            raise RecordError(f"'{name}' must be a whole number from 0 to 10, or null")
    elif name == "effort":
        if value is not None and value not in EFFORTS:
            raise RecordError(f"'effort' must be one of {', '.join(EFFORTS)}, or null")
    elif name == "reason":
        if value not in REASONS:
            raise RecordError(f"'reason' must be one of {', '.join(REASONS)}")
    elif name in ("skipped", "completed"):
        if not isinstance(value, bool):
            raise RecordError(f"'{name}' must be true or false")
    elif not whole(value, 1 if name == "version" else 0):
        raise RecordError(f"'{name}' must be a whole number from {1 if name == 'version' else 0}")
    return value


def accept(records: list, device_id: str, acked_through: int) -> Accepted:
    """Which of a request's records to store, given the highest seq stored for the device:
    those up to the first bad one, past `acked_through`, in seq order up to the first gap."""
    good, error = [], None
    for index, record in enumerate(records):
        try:
            good.append(check_record(record, device_id))
        except RecordError as err:
            error = (index, str(err))
            break
    stored, through = [], acked_through
    for record in sorted(good, key=lambda r: r["seq"]):
        if record["seq"] == through + 1:
            stored.append(record)
            through += 1
        elif record["seq"] > through + 1:
            break  # a gap: the rest waits for it
    return Accepted(stored, through, error)

