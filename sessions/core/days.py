"""Calendar days as whole numbers (days since 1970-01-01), without a clock: the civil
calendar's arithmetic (proleptic Gregorian), so the core can count days it is given."""

from __future__ import annotations

import re

MS_PER_DAY = 86_400_000
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def day_number(text: str) -> int:
    """'YYYY-MM-DD' as days since 1970-01-01; ValueError if it is not a real day."""
    match = _DAY.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"not a day written YYYY-MM-DD: {text!r}"[:80])
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= _month_days(year, month)) or year < 1970:
        raise ValueError(f"no such day: {text}")
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def day_text(number: int) -> str:
    """Days since 1970-01-01 as 'YYYY-MM-DD'."""
    z = number + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    return f"{year:04d}-{month:02d}-{day:02d}"


def utc_day(epoch_ms: int) -> int:
    return epoch_ms // MS_PER_DAY


def weekday(number: int) -> int:
    """0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday)."""
    return (number + 3) % 7


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
