import pytest

from sessions.core.events import Refused, Snapshot
from sessions.core.refusals import CODES
from sessions.core.runner import COMMANDS, Runner, RunnerState

from tests.support.timelines import make_timeline


def runner_in(status: str, now: int = 10_000) -> Runner:
    r = Runner(make_timeline())
    if status == "ready":
        return r
    r.handle("start", now - 500)
    r.handle("next", now - 400)  # index 1, so previous is legal
    if status == "paused":
        r.handle("pause", now - 100)
    if status == "finished":
        r.tick(now + 100_000)
        assert r.state.status == "finished"
    return r


# (status, command) -> (status after, index after) or None when refused
EXPECTED = {
    ("ready", "start"): ("running", 0),
    ("running", "pause"): ("paused", 1),
    ("running", "next"): ("running", 2),
    ("running", "previous"): ("running", 0),
    ("running", "restart"): ("running", 0),
    ("running", "jump"): ("running", 2),
    ("paused", "resume"): ("running", 1),
    ("paused", "next"): ("paused", 2),
    ("paused", "previous"): ("paused", 0),
    ("paused", "restart"): ("running", 0),
    ("paused", "jump"): ("paused", 2),
    ("finished", "restart"): ("running", 0),
}


# (command, status) -> the code of its refusal, for every pair EXPECTED does not allow
REFUSAL_CODES = {
    **{("start", s): "not_ready" for s in ("running", "paused", "finished")},
    **{("pause", s): "not_running" for s in ("ready", "paused", "finished")},
    **{("resume", s): "not_paused" for s in ("ready", "running", "finished")},
    **{(c, s): "not_playing" for c in ("next", "previous", "jump") for s in ("ready", "finished")},
    ("restart", "ready"): "not_started",
}


@pytest.mark.parametrize("status", ["ready", "running", "paused", "finished"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_from_every_state(status, command):
    r = runner_in(status)
    before = r.state
    events = r.handle(command, 10_000, "b" if command == "jump" else None)
    expected = EXPECTED.get((status, command))
    if expected is None:
        assert len(events) == 1 and isinstance(events[0], Refused)
        assert events[0].command == command and events[0].reason
        assert events[0].code == REFUSAL_CODES[command, status]
        assert r.state == before, "a refused command changes nothing"
    else:
        assert isinstance(events[-1], Snapshot) and events[-1].reason == command
        assert (r.state.status, r.state.index) == expected


def test_unknown_command_and_unknown_exercise_are_refused():
    r = runner_in("running")
    before = r.state
    assert r.handle("explode", 10_000)[0].code == "unknown_command"
    assert r.handle("jump", 10_000, "nope")[0].code == "no_such_exercise"
    assert r.handle("jump", 10_000)[0].code == "no_such_exercise"
    assert r.state == before


@pytest.mark.parametrize("status", ["running", "paused"])
def test_jump_without_an_exercise_says_it_needs_one(status):
    r = runner_in(status)
    before = r.state
    refused = r.handle("jump", 10_000)[-1]
    assert isinstance(refused, Refused)
    assert refused.reason == "jump needs an exercise_id (the id of an exercise in this session)"
    assert r.state == before


def test_previous_on_the_first_step_is_refused():
    r = Runner(make_timeline())
    r.handle("start", 0)
    refused = r.handle("previous", 10)[-1]
    assert isinstance(refused, Refused) and refused.code == "first_step"


def test_every_refusal_code_is_a_known_one():
    assert set(REFUSAL_CODES.values()) | {"unknown_command", "no_such_exercise",
                                          "first_step"} <= set(CODES)


def test_next_on_the_last_step_finishes():
    r = Runner(make_timeline())
    r.handle("start", 0)
    for t in (1, 2, 3):
        r.handle("next", t)
    events = r.handle("next", 4)
    assert r.state.status == "finished" and events[-1].status == "finished"
    assert r.next_deadline() is None


def test_pause_and_resume_keep_remaining_time_to_the_millisecond():
    r = Runner(make_timeline())
    r.handle("start", 1_000)
    r.tick(2_000)  # step 1 (2000 ms) starts at 2000
    r.handle("pause", 2_737)
    snap = r.snapshot(99_999)
    assert snap.remaining_ms == 2000 - 737 and snap.deadline is None
    r.handle("resume", 50_000)
    assert r.next_deadline() == 50_000 + 2000 - 737
    assert r.snapshot(50_000).remaining_ms == 1263
    r.handle("pause", 50_001)
    r.handle("resume", 60_000)
    assert r.next_deadline() == 60_000 + 1262


def test_tick_before_the_deadline_does_nothing_and_at_it_advances():
    r = Runner(make_timeline())
    r.handle("start", 0)
    assert r.tick(999) == []
    events = r.tick(1000)
    assert [e.index for e in events] == [1] and events[0].reason == "step"
    assert events[0].step_started_at == 1000 and events[0].deadline == 3000


def test_late_tick_catches_up_every_step_without_drift():
    r = Runner(make_timeline())
    r.handle("start", 0)
    events = r.tick(3_500)  # steps 1 and 2 are due (at 1000 and 3000)
    assert [e.index for e in events] == [1, 2]
    assert r.next_deadline() == 6_000


def test_ten_thousand_steps_with_zero_drift():
    durations = [(i * 7919) % 4000 + 1 for i in range(10_000)]
    r = Runner(make_timeline(tuple(durations), ("x",) * 10_000))
    start = 1_700_000_000_000
    r.handle("start", start)
    now, step_starts = start, []
    while r.state.status == "running":
        now = r.next_deadline() + (now % 37)  # every tick arrives a little late
        step_starts += [e.step_started_at for e in r.tick(now) if e.reason == "step"]
    assert r.state.status == "finished"
    expected = [start + sum(durations[:i]) for i in range(1, 10_000)]
    assert step_starts == expected


def test_commands_first_apply_what_was_due():
    r = Runner(make_timeline())
    r.handle("start", 0)
    events = r.handle("pause", 1_500)
    assert [e.reason for e in events] == ["step", "pause"]
    assert r.state == RunnerState("paused", 1, None, 500)


def test_snapshot_in_each_state_and_position():
    r = Runner(make_timeline())
    ready = r.snapshot(5)
    assert (ready.status, ready.remaining_ms, ready.position_ms, ready.total_ms) == (
        "ready", 1000, 0, 10_000)
    r.handle("start", 0)
    r.tick(1_000)
    snap = r.snapshot(1_250)
    assert (snap.index, snap.elapsed_ms, snap.remaining_ms, snap.position_ms) == (
        1, 250, 1750, 1250)
    assert snap.to_dict()["type"] == "state"


def test_state_round_trips_through_a_dict():
    r = runner_in("paused")
    copy = Runner(r.timeline, RunnerState.from_dict(r.state.to_dict()))
    assert copy.snapshot(1) == r.snapshot(1)


def test_jump_moves_to_the_first_step_of_the_exercise():
    r = runner_in("running")
    r.handle("jump", 10_000, "a")
    assert r.state.index == 0
