"""Turn client JSON into typed values, with one clear error for anything malformed."""

from __future__ import annotations

from ..core.timeline import PACES


class PayloadError(ValueError):
    pass


def require_dict(payload) -> dict:
    if not isinstance(payload, dict):
        raise PayloadError("expected a JSON object")
    return payload


def text_field(payload: dict, name: str, max_len: int = 200, required: bool = True):
    value = payload.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise PayloadError(f"'{name}' must be text of 1 to {max_len} characters")
    return value


def bool_field(payload: dict, name: str) -> bool:
    value = payload.get(name)
    if not isinstance(value, bool):
        raise PayloadError(f"'{name}' must be true or false")
    return value


def number_field(payload: dict, name: str, low: float, high: float) -> float:
    value = payload.get(name)
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not low <= value <= high):
        raise PayloadError(f"'{name}' must be a number from {low} to {high}")
    return float(value)


def options_fields(payload: dict) -> dict:
    """pace, exercises and overrides from a create request, as Catalog.options() takes them."""
    pace = payload.get("pace", "standard")
    if pace not in PACES:
        raise PayloadError(f"'pace' must be one of {', '.join(PACES)}")
    exercises = payload.get("exercises")
    if exercises is not None:
        if (not isinstance(exercises, list) or len(exercises) > 100
                or not all(isinstance(e, str) and len(e) <= 100 for e in exercises)):
            raise PayloadError("'exercises' must be a list of exercise ids")
        exercises = tuple(exercises)
    raw = payload.get("overrides") or {}
    if not isinstance(raw, dict) or len(raw) > 100:
        raise PayloadError("'overrides' must map exercise ids to {hold, reps, sets}")
    overrides = []
    for eid, fields in sorted(raw.items()):
        if not isinstance(fields, dict):
            raise PayloadError(f"'overrides.{eid}' must be an object such as {{\"reps\": 5}}")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in fields.values()):
            raise PayloadError(f"'overrides.{eid}' values must be whole numbers")
        overrides.append((eid, tuple(sorted(fields.items()))))
    return {"pace": pace, "exercises": exercises, "overrides": tuple(overrides)}
