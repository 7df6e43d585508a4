"""The live shell with a fake clock: idle expiry, devices, limits."""

import json

import pytest

from sessions.core.timeline import Clinic, Step, Timeline
from sessions.live import Live, SessionError


class Clock:
    def __init__(self):
        self.now = 1_000_000

    def __call__(self):
        return self.now


def tiny_timeline():
    steps = (Step(0, "hold", 1000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    return Timeline("r", "R", "en", "standard", steps, (), Clinic())


@pytest.fixture
def live():
    clock = Clock()
    sent = []
    live = Live(lambda event, data, room: sent.append((event, data, room)), clock,
                idle_ms=60_000, max_followers=2)
    live.sent, live.fake_clock = sent, clock
    return live


def test_a_session_nobody_is_connected_to_ends_after_the_idle_time(live):
    session, token = live.create(tiny_timeline())
    live.join(session.id, "c1", token)
    live.leave("c1")
    assert live.scheduler.next_due() == live.fake_clock.now + 60_000
    live.fake_clock.now += 59_999
    live.tick()
    assert session.id in live.sessions
    live.fake_clock.now += 1
    live.tick()
    assert session.id not in live.sessions
    assert ("ended", {"session_id": session.id,
                      "reason": "no device was connected for too long"}, session.id) in live.sent
    with pytest.raises(SessionError):
        live.find(session.code)


def test_a_connected_device_keeps_the_session(live):
    session, token = live.create(tiny_timeline())
    live.join(session.code, "c1")
    live.fake_clock.now += 10 * 60_000
    live.tick()
    assert session.id in live.sessions


def test_followers_are_limited(live):
    session, _ = live.create(tiny_timeline())
    live.join(session.code, "a")
    live.join(session.code, "b")
    with pytest.raises(SessionError, match="already has 2 followers"):
        live.join(session.code, "c")
    live.leave("a")
    live.join(session.code, "c")  # a place freed up


def test_codes_are_unique_and_unambiguous(live):
    codes = {live.create(tiny_timeline())[0].code for _ in range(300)}
    assert len(codes) == 300
    assert not set("".join(codes)) & set("01OILSZ2B8G6UV5")


def test_a_restarted_process_picks_up_sessions_where_they_stand(tmp_path):
    from sessions.store import Store

    clock = Clock()
    steps = tuple(Step(i, "hold", 10_000, True, f"cue {i}") for i in range(5))
    timeline = Timeline("r", "R", "en", "standard", steps, (), Clinic())
    first = Live(lambda *a: None, clock, store=Store(tmp_path / "db.sqlite"))
    session, token = first.create(timeline, {"routine_id": "r"})
    first.join(session.code, "tablet")
    first.command(session.id, "c", token, "start")
    clock.now += 12_345
    first.tick()
    before = first.get(session.id).snapshot(clock.now)
    # the process dies here; a new one opens the same database a little later
    clock.now += 2_000
    second = Live(lambda *a: None, clock, store=Store(tmp_path / "db.sqlite"))
    assert second.restore() == 1
    again = second.find(session.code)
    second.tick()
    after = again.snapshot(clock.now)
    assert after["position_ms"] == before["position_ms"] + 2_000  # it ran on by schedule
    assert (after["index"], after["remaining_ms"]) == (1, 10_000 - 4_345)
    assert not any(d.connected for d in again.devices.values())
    assert again.is_controller(token)
    assert second.command(session.id, "new-client", token, "pause")["status"] == "paused"


def test_finished_and_ended_runs_land_in_history(tmp_path):
    from sessions.store import Store

    clock = Clock()
    store = Store(tmp_path / "db.sqlite")
    live = Live(lambda *a: None, clock, store=store)
    session, token = live.create(tiny_timeline(), {"routine_id": "r", "pace": "gentle"})
    live.command(session.id, "c", token, "start")
    clock.now += 5_000
    live.tick()
    live.command(session.id, "c", token, "restart")
    live.command(session.id, "c", token, "pause")
    live.end(session.id, token)
    runs = store.history()
    assert sorted((r["outcome"], r["steps_completed"], r["pauses"]) for r in runs) == [
        ("ended", 0, 1), ("finished", 2, 0)]
    assert {r["routine_id"] for r in runs} == {"r"}
    assert store.load_sessions() == []


def test_restore_tolerates_old_rows_and_skips_broken_ones(tmp_path):
    from sessions.store import Store

    clock = Clock()
    store = Store(tmp_path / "db.sqlite")
    live = Live(lambda *a: None, clock, store=store)
    session, token = live.create(tiny_timeline(), {"routine_id": "r"})
    live.join(session.code, "tablet")
    # a row written by an older version: its devices lack today's fields
    row = store.load_sessions()[0]
    old_devices = [{"client": "tablet", "id": "d1", "role": "follower"}]
    store.conn.execute("UPDATE sessions SET devices = ?", (json.dumps(old_devices),))
    # and a row that cannot be restored at all
    broken, _ = live.create(tiny_timeline(), {"routine_id": "r"})
    store.conn.execute("UPDATE sessions SET state = '{}' WHERE id = ?", (broken.id,))
    again = Live(lambda *a: None, clock, store=Store(tmp_path / "db.sqlite"))
    assert again.restore() == 1
    restored = again.get(row["id"])
    assert restored.devices["tablet"].role == "follower"
    assert not restored.devices["tablet"].connected


def test_sessions_on_the_same_timeline_share_one_copy(live):
    a, _ = live.create(tiny_timeline())
    b, _ = live.create(tiny_timeline())
    assert a.timeline is b.timeline


def test_the_heartbeat_beats_through_a_long_first_step(live):
    steps = (Step(0, "hold", 30_000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    session, token = live.create(Timeline("r", "R", "en", "standard", steps, (), Clinic()))
    live.join(session.code, "tablet")
    started = live.fake_clock.now
    live.command(session.id, "c", token, "start")
    assert live.scheduler.next_due() == started + 1000
    for beat in range(1, 4):
        live.fake_clock.now = started + beat * 1000
        live.tick()
    beats = [data for event, data, _ in live.sent if event == "timer"]
    assert [b["remaining_ms"] for b in beats] == [29_000, 28_000, 27_000]


def test_on_time_steps_are_not_written_and_finishes_due_together_are_one_write(tmp_path):
    from sessions.store import Store

    class CountingStore(Store):
        writes = 0

        def save_sessions(self, rows):
            CountingStore.writes += 1
            super().save_sessions(rows)

    clock = Clock()
    live = Live(lambda *a: None, clock, store=CountingStore(tmp_path / "db.sqlite"))
    sessions = [live.create(tiny_timeline()) for _ in range(20)]
    for session, token in sessions:
        live.join(session.code, f"tablet-{session.id}")
        live.command(session.id, "c", token, "start")
    CountingStore.writes = 0
    clock.now += 1000  # every session's first step ends on time: the schedule implies it
    live.tick()
    assert CountingStore.writes == 0
    assert all(s.runner.state.index == 1 for s, _ in sessions)
    clock.now += 1000  # and every session finishes: that is recorded, in one write
    live.tick()
    assert CountingStore.writes == 1
    assert all(s.runner.state.status == "finished" for s, _ in sessions)


def test_a_started_session_left_alone_is_recorded_as_abandoned(tmp_path):
    from sessions.store import Store

    clock = Clock()
    store = Store(tmp_path / "db.sqlite")
    steps = (Step(0, "hold", 10 * 60_000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    live = Live(lambda *a: None, clock, idle_ms=60_000, store=store)
    session, token = live.create(Timeline("r", "R", "en", "standard", steps, (), Clinic()),
                                 {"routine_id": "r"})
    live.join(session.code, "tablet", token)
    live.command(session.id, "tablet", token, "start")
    live.leave("tablet")
    clock.now += 60_000
    live.tick()
    assert session.id not in live.sessions
    [run] = store.history()
    assert (run["outcome"], run["steps_completed"]) == ("abandoned", 0)
