"""What the live shell sends, and in which order: every event is emitted while its session is
locked, so each device gets them in the order they were produced; the 1 Hz `timer` goes only
to the devices that asked for it."""

import pytest

from sessions.core.deadlines import HEARTBEAT_MS
from sessions.core.timeline import Clinic, Step, Timeline
from sessions.live import Live

T0 = 1_000_000


def timeline():
    steps = (Step(0, "hold", 30_000, True, "Hold."), Step(1, "hold", 30_000, True, "Again."),
             Step(2, "done", 1000, False, "Done."))
    return Timeline("r", "R", "en", "standard", steps, (), Clinic())


@pytest.fixture
def live():
    sessions = {}  # every session ever created, by id: "ended" is sent after it is removed

    def emit(event, data, room):
        session = sessions.get(data["session_id"])
        live.sent.append((event, data, room, session is not None and session.lock._is_owned()))

    live = Live(emit, idle_ms=60_000)
    live.sent = []
    original = live.create

    def create(*args, **kwargs):
        session, token = original(*args, **kwargs)
        sessions[session.id] = session
        return session, token
    live.create = create
    return live


def test_every_event_is_emitted_while_its_session_is_locked(live):
    session, token = live.create(timeline(), {"routine_id": "r"}, now=T0)
    live.join(session.code, "ctl", token, heartbeat=True, now=T0)
    live.join(session.code, "tablet", now=T0)
    live.report(session.id, "tablet", now=T0, audio_unlocked=True)
    live.share_control(session.id, token, True, now=T0)
    live.configure(session.id, token, timeline(), {"routine_id": "r"}, now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    live.tick(T0 + HEARTBEAT_MS)  # a heartbeat
    live.tick(T0 + 30_000)  # a step
    live.leave("tablet", now=T0 + 30_000)
    live.end(session.id, token, now=T0 + 30_000)
    sent = {event for event, *_ in live.sent}
    assert sent == {"devices", "session", "state", "timer", "ended"}
    assert [(event, room) for event, _, room, locked in live.sent if not locked] == []


def test_the_state_in_a_join_answer_is_read_while_the_session_is_locked():
    # Read unlocked, a join racing a step could answer with a state a tick was changing.
    live = Live(lambda *a: None)
    session, token = live.create(timeline(), now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    held, snapshot = [], session.runner.snapshot

    def recorded(*args):
        held.append(session.lock._is_owned())
        return snapshot(*args)

    session.runner.snapshot = recorded
    live.join(session.code, "tablet", now=T0 + 10)
    live.join(session.code, "ctl", token, now=T0 + 10)
    assert held == [True, True]


def test_the_timeline_is_described_outside_the_lock():
    # describing (audio URLs for every step) is slow: a tick must not wait on it
    held = []

    def describe(timeline):
        held.append(session.lock._is_owned())
        return timeline.to_dict()

    live = Live(lambda *a: None, describe=describe)
    session, _ = live.create(timeline(), now=T0)
    live.join(session.code, "tablet", now=T0)
    assert held == [False]


def test_a_command_stamped_before_the_last_change_is_applied_at_that_change():
    # The clock is read before the lock is taken: a pause read at +15 s may get the lock
    # after a resume read at +20 s. Applied at +15 s, the paused step would gain 5 s.
    live = Live(lambda *a: None)
    session, token = live.create(timeline(), now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    assert live.command(session.id, "ctl", token, "pause", now=T0 + 10_000)[
        "remaining_ms"] == 20_000
    resumed = live.command(session.id, "ctl", token, "resume", now=T0 + 20_000)
    paused = live.command(session.id, "ctl", token, "pause", now=T0 + 15_000)
    assert paused["remaining_ms"] == 20_000
    assert paused["server_now"] == resumed["server_now"] == T0 + 20_000


def test_a_tick_stamped_before_a_join_answer_sends_no_older_time(live):
    session, token = live.create(timeline(), now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    joined = live.join(session.code, "tablet", now=T0 + 30_010)
    live.tick(T0 + 30_000)  # read its clock before the join took the lock
    step = [data for event, data, *_ in live.sent
            if event == "state" and data["reason"] == "step"]
    assert [s["index"] for s in step] == [1]
    assert step[0]["server_now"] >= joined["state"]["server_now"]


def test_no_timer_is_sent_when_no_device_asked_for_it(live):
    session, token = live.create(timeline(), now=T0)
    live.join(session.code, "ctl", token, now=T0)
    live.join(session.code, "tablet", now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    assert live.scheduler.next_due() == T0 + 30_000  # the step's end, not a beat
    for beat in range(1, 4):
        live.tick(T0 + beat * HEARTBEAT_MS)
    assert [event for event, *_ in live.sent if event == "timer"] == []


def test_the_timer_goes_to_each_device_that_asked_and_to_no_other(live):
    session, token = live.create(timeline(), now=T0)
    live.join(session.code, "ctl", token, now=T0)
    live.join(session.code, "simple", heartbeat=True, now=T0)
    live.join(session.code, "page", now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    assert live.scheduler.next_due() == T0 + HEARTBEAT_MS
    for beat in range(1, 4):
        live.tick(T0 + beat * HEARTBEAT_MS)
    beats = [(data["remaining_ms"], room) for event, data, room, _ in live.sent
             if event == "timer"]
    assert beats == [(29_000, "simple"), (28_000, "simple"), (27_000, "simple")]


def test_the_timer_stops_when_the_last_device_that_asked_for_it_leaves(live):
    session, token = live.create(timeline(), now=T0)
    live.join(session.code, "ctl", token, now=T0)
    live.join(session.code, "simple", heartbeat=True, now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    live.leave("simple", now=T0)
    for beat in range(1, 4):
        live.tick(T0 + beat * HEARTBEAT_MS)
    assert [event for event, *_ in live.sent if event == "timer"] == []
    assert live.scheduler.next_due() == T0 + 30_000


def test_a_device_that_asks_for_the_timer_while_running_gets_it(live):
    session, token = live.create(timeline(), now=T0)
    live.join(session.code, "ctl", token, now=T0)
    live.command(session.id, "ctl", token, "start", now=T0)
    live.join(session.code, "simple", heartbeat=True, now=T0 + 500)
    assert live.scheduler.next_due() == T0 + 500 + HEARTBEAT_MS
    live.tick(T0 + 500 + HEARTBEAT_MS)
    assert [(event, room) for event, _, room, _ in live.sent if event == "timer"] == \
        [("timer", "simple")]
