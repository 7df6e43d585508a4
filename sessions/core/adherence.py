"""Adherence: sessions done against sessions planned, per day and per week, from the
programme's frequency, its first day and its end date (days as sessions.core.days
numbers; `done` maps a day to the sessions done on it, by the device's local day)."""

from __future__ import annotations

from .days import day_text

WINDOW = 7  # days ending today, for the clinician's list
MAX_CALENDAR = 366  # days shown, the most recent


def planned(frequency: dict, days: int) -> int:
    """Sessions planned over `days` days: n a day, or n a week (n x days / 7, rounded)."""
    if days <= 0:
        return 0
    if frequency["per"] == "day":
        return frequency["times"] * days
    return (frequency["times"] * days * 2 + 7) // 14


def span(first: int, end: int | None, today: int) -> tuple[int, int]:
    """The days the calendar shows: from the first day (at most MAX_CALENDAR) to today or
    the end date, whichever comes first."""
    last = today if end is None else min(today, end)
    return max(first, last - MAX_CALENDAR + 1), last


def calendar(frequency: dict, first: int, end: int | None, today: int,
             done: dict[int, int]) -> list[dict]:
    start, last = span(first, end, today)
    per_day = frequency["times"] if frequency["per"] == "day" else None
    return [{"day": day_text(d), "planned": per_day, "done": done.get(d, 0)}
            for d in range(start, last + 1)]


def weeks(frequency: dict, first: int, end: int | None, today: int,
          done: dict[int, int]) -> list[dict]:
    """7-day weeks counted from the programme's first day, up to this one: each with its
    whole plan (fewer days if the end date cuts it) and the sessions done in it."""
    start, last = span(first, end, today)
    start -= (start - first) % 7
    out = []
    for week in range(start, last + 1, 7):
        days = len(range(week, min(week + 6, end if end is not None else week + 6) + 1))
        out.append({"start": day_text(week), "planned": planned(frequency, days),
                    "done": sum(done.get(d, 0) for d in range(week, week + 7))})
    return out


def recent(frequency: dict, first: int, end: int | None, today: int,
           done: dict[int, int]) -> tuple[int, int]:
    """(done, planned) over the WINDOW days ending today, counting only the programme's
    own days."""
    start, last = max(first, today - WINDOW + 1), today if end is None else min(today, end)
    return (sum(n for d, n in done.items() if start <= d <= last),
            planned(frequency, last - start + 1))
