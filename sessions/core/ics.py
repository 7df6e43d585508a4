"""The .ics text of a programme's reminder: one all-day event that repeats as the
programme's frequency says, so the phone's own calendar reminds the patient (RFC 5545)."""

from __future__ import annotations

from .days import WEEKDAYS, day_text, weekday


def week_days(times: int, first: int) -> list[str]:
    """`times` days of the week spread evenly, starting from `first`'s weekday."""
    start = weekday(first)
    return [WEEKDAYS[(start + i * 7 // times) % 7] for i in range(times)]


def rrule(frequency: dict, first: int, end_date: str | None) -> str:
    if frequency["per"] == "day":
        rule = "FREQ=DAILY"
    else:
        days = week_days(frequency["times"], first)
        rule = "FREQ=WEEKLY;BYDAY=" + ",".join(sorted(days, key=WEEKDAYS.index))
    if end_date:
        rule += f";UNTIL={end_date.replace('-', '')}"
    return rule


def calendar_text(uid: str, title: str, link: str, frequency: dict, first: int,
                  end_date: str | None, stamp: str) -> str:
    """`first`: the first day (a days number); `stamp`: when it was made, as
    YYYYMMDDTHHMMSSZ."""
    per = "a day" if frequency["per"] == "day" else "a week"
    times = "once" if frequency["times"] == 1 else f"{frequency['times']} times"
    start = day_text(first).replace("-", "")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Limber//Programme//EN",
             "CALSCALE:GREGORIAN", "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
             f"DTSTART;VALUE=DATE:{start}",
             f"DTEND;VALUE=DATE:{day_text(first + 1).replace('-', '')}",
             f"RRULE:{rrule(frequency, first, end_date)}",
             f"SUMMARY:{_escape(title)}",
             f"DESCRIPTION:{_escape(f'Your exercises, {times} {per}. Open: {link}')}",
             f"URL:{link}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)


def stamp_text(epoch_ms: int) -> str:
    """Epoch ms as an iCalendar UTC time, YYYYMMDDTHHMMSSZ."""
    seconds = epoch_ms // 1000
    day, rest = divmod(seconds, 86_400)
    return (day_text(day).replace("-", "")
            + f"T{rest // 3600:02d}{rest % 3600 // 60:02d}{rest % 60:02d}Z")


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r", "").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)

