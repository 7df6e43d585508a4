"""A programme's fields (one patient's copy of a routine to do at home) checked and
completed, and what a new version changed. The options themselves (pace, exercises, dose)
are checked against the routine by compiling them, at the edge."""

from __future__ import annotations

from .days import day_number

CHECKS = ("each", "end")  # ask after each exercise, or only at the end
PERIODS = {"day": 6, "week": 7}  # per: most times
DEFAULT_THRESHOLD = 7
LABEL_MAX = 60
CREATE_FIELDS = ("routine_id", "routine_version", "options", "label", "frequency",
                 "end_date", "check", "pain_threshold")
CHANGE_FIELDS = ("options", "frequency", "end_date", "check", "pain_threshold")


class ProgrammeError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def new_programme(body: dict, today: int) -> dict:
    """The fields of a new programme, defaults filled in ('routine_version' None for the
    latest); ProgrammeError naming the first bad field."""
    _only(body, CREATE_FIELDS)
    for name in ("routine_id", "label", "frequency"):
        if body.get(name) is None:
            raise ProgrammeError(name, f"'{name}' is required")
    routine_id = body["routine_id"]
    if not isinstance(routine_id, str) or not 0 < len(routine_id) <= 100:
        raise ProgrammeError("routine_id", "'routine_id' must be text of 1 to 100 characters")
    version = body.get("routine_version")
    if version is not None and not whole(version, 1):
        raise ProgrammeError("routine_version", "'routine_version' must be a whole number "
                                                "from 1")
    label = body["label"]
    if not isinstance(label, str) or not 0 < len(label.strip()) <= LABEL_MAX:
        raise ProgrammeError("label", f"'label' must be text of 1 to {LABEL_MAX} characters "
                                      f"(a pseudonym: no name is needed)")
    return {"routine_id": routine_id, "routine_version": version, "label": label.strip(),
            **changed({"options": {}, "frequency": None, "end_date": None, "check": "each",
                       "pain_threshold": DEFAULT_THRESHOLD},
                      {k: v for k, v in body.items() if k in CHANGE_FIELDS}, today)}


def changed(current: dict, change: dict, today: int) -> dict:
    """`current`'s changeable fields with `change` applied and checked."""
    _only(change, CHANGE_FIELDS)
    out = {name: change.get(name, current.get(name)) for name in CHANGE_FIELDS}
    if "check" in change and out["check"] is None:
        out["check"] = "each"
    if "pain_threshold" in change and out["pain_threshold"] is None:
        out["pain_threshold"] = DEFAULT_THRESHOLD
    if out["options"] is None:
        out["options"] = {}
    if not isinstance(out["options"], dict):
        raise ProgrammeError("options", "'options' must be an object {pace, exercises, "
                                        "overrides}")
    _frequency(out["frequency"])
    if out["end_date"] is not None and "end_date" in change:
        try:
            end = day_number(out["end_date"])
        except ValueError as err:
            raise ProgrammeError("end_date", f"'end_date': {err}") from None
        if end < today:
            raise ProgrammeError("end_date", "'end_date' is in the past")
    if out["check"] not in CHECKS:
        raise ProgrammeError("check", "'check' must be 'each' (after each exercise) or "
                                      "'end' (only at the end)")
    if not whole(out["pain_threshold"], 1, 10):
        raise ProgrammeError("pain_threshold", "'pain_threshold' must be a whole number "
                                               "from 1 to 10")
    return out


def change_note(old: dict, new: dict) -> str:
    """What a new version changed, in words for the clinician's list of versions."""
    names = {"options": "dose and exercises", "frequency": "frequency",
             "end_date": "end date", "check": "when to ask", "pain_threshold": "pain threshold"}
    diff = [names[k] for k in CHANGE_FIELDS if old.get(k) != new.get(k)]
    return "changed " + ", ".join(diff) if diff else "saved again, nothing changed"


def _frequency(value) -> None:
    if (not isinstance(value, dict) or set(value) != {"times", "per"}
            or value["per"] not in PERIODS or not whole(value["times"], 1, PERIODS[value["per"]])):
        raise ProgrammeError("frequency", "'frequency' must be {\"times\": n, \"per\": "
                                          "\"day\" or \"week\"}: 1 to 6 a day or 1 to 7 a week")


def _only(body: dict, allowed: tuple) -> None:
    unknown = [k for k in body if k not in allowed]
    if unknown:
        raise ProgrammeError(str(unknown[0])[:40], f"unexpected field {str(unknown[0])[:40]!r}")


def whole(value, low: int, high: int | None = None) -> bool:
    """An int (not a bool) from `low` (to `high`)."""
    return (isinstance(value, int) and not isinstance(value, bool) and value >= low
            and (high is None or value <= high))
