"""The timeline as clients get it: each step carries its start, so no client sums durations."""

from sessions.core.compiler import compile_timeline
from sessions.core.timeline import Options, Timeline


def test_each_step_says_where_it_starts(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="gentle")).scaled(3)
    steps = tl.to_dict()["steps"]
    assert steps[0]["start_ms"] == 0
    for before, step in zip(steps, steps[1:]):
        assert step["start_ms"] == before["start_ms"] + before["duration_ms"]
    assert steps[-1]["start_ms"] + steps[-1]["duration_ms"] == tl.to_dict()["total_ms"]


def test_a_stored_timeline_without_starts_still_loads(seed_routine):
    tl = compile_timeline(seed_routine, Options(pace="standard"))
    older = tl.to_dict()
    older["steps"] = [{k: v for k, v in s.items() if k != "start_ms"} for s in older["steps"]]
    again = Timeline.from_dict(older)
    assert again == tl and again.to_dict() == tl.to_dict()
