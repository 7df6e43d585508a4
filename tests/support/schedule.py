"""Where a session's schedule puts it, from its snapshots and its timeline.

A running session's step clock starts are chained from one origin (the server time at which
position 0 was, or would have been had it started at once): every snapshot of a run with no
command in between carries the same origin, whoever reads it, whenever, and across a server
restart. Comparing origins compares schedules exactly, without any margin for when each
snapshot was read.
"""

from __future__ import annotations


def step_starts(timeline: dict) -> list[int]:
    """Each step's start (ms from the start of the routine)."""
    starts, at = [], 0
    for step in timeline["steps"]:
        starts.append(at)
        at += step["duration_ms"]
    return starts


def origin(state: dict, timeline: dict) -> int:
    """The server time at which this running snapshot's schedule put position 0."""
    assert state["status"] == "running", state
    return state["step_started_at"] - step_starts(timeline)[state["index"]]
