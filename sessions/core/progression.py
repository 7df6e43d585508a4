"""Progression suggestions: when an exercise has been easy and painless for a while, one
step up within the routine's dose range. The clinician accepts (a new programme version)
or ignores it; either way the same run of evidence never suggests it again."""

from __future__ import annotations

STREAK = 3  # answered checks in a row
EASY_PAIN = 2  # at most
ORDER = ("reps", "hold", "sets")  # the first field below its maximum goes up


def step_up(checks: list[dict], doses: dict[str, tuple[int, int, int]]) -> dict | None:
    """`checks`: one exercise's answered checks on the current version, in order, each
    {"key", "pain", "effort"}; `doses`: field -> (min, max, value played now).
    A suggestion {"field", "from", "to", "why", "evidence"} (evidence: the key of the
    streak's first check, which names this run of evidence), or None."""
    streak = []
    for check in checks:
        easy = (check["pain"] is not None and check["pain"] <= EASY_PAIN
                and check["effort"] == "too_easy")
        streak = streak + [check] if easy else []
    if len(streak) < STREAK:
        return None
    for field in ORDER:
        if field in doses:
            _low, high, now = doses[field]
            if now < high:
                return {"field": field, "from": now, "to": now + 1,
                        "why": f"pain {EASY_PAIN} or less and \"too easy\" in the last "
                               f"{len(streak)} sessions in a row",
                        "evidence": str(streak[0]["key"])}
    return None
