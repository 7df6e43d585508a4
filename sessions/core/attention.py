"""Which programmes need the clinician first: open flags, then missed sessions, then the
oldest activity (never active first)."""

from __future__ import annotations


def reason(open_flags: int, done: int, planned: int) -> str:
    if open_flags:
        return "open_flags"
    if planned > done:
        return "missed_sessions"
    return "none"


def order(items: list[dict]) -> list[dict]:
    """`items` each with open_flags, done_7d, planned_7d, last_activity_day (or None) and
    label, most in need first."""
    return sorted(items, key=lambda p: (-p["open_flags"],
                                        -max(0, p["planned_7d"] - p["done_7d"]),
                                        p["last_activity_day"] or "",
                                        p["label"]))
