"""The live shell with a fake clock: every call is given `now`, as the edges give it."""

import json

import pytest

from sessions.core.access import SessionError
from sessions.core.timeline import Clinic, Step, Timeline
from sessions.live import Live
from sessions.store import Store

T0 = 1_000_000


def tiny_timeline():
    steps = (Step(0, "hold", 1000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    return Timeline("r", "R", "en", "standard", steps, (), Clinic())


def never(*_):
    raise AssertionError("the shell must not read the clock outside its thread loop")


class Sent(list):
    def __call__(self, event, data, room):
        self.append((event, data, room))

    def named(self, event):
        return [data for name, data, _ in self if name == event]


@pytest.fixture
def live():
    return Live(Sent(), clock=never, idle_ms=60_000, max_followers=2,
                device_grace_ms=120_000)


def test_a_session_nobody_is_connected_to_ends_after_the_idle_time(live):
    session, token = live.create(tiny_timeline(), now=T0)
    live.join(session.id, "c1", token, now=T0)
    live.leave("c1", now=T0)
    assert live.scheduler.next_due() == T0 + 60_000
    live.tick(T0 + 59_999)
    assert session.id in live.sessions
    live.tick(T0 + 60_000)
    assert session.id not in live.sessions
    assert ("ended", {"session_id": session.id,
                      "reason": "no device was connected for too long"}, session.id) in live.emit
    with pytest.raises(SessionError):
        live.find(session.code)


def test_a_connected_device_keeps_the_session(live):
    session, _ = live.create(tiny_timeline(), now=T0)
    live.join(session.code, "c1", now=T0)
    live.tick(T0 + 10 * 60_000)
    assert session.id in live.sessions


def test_followers_are_limited(live):
    session, _ = live.create(tiny_timeline(), now=T0)
    live.join(session.code, "a", now=T0)
    live.join(session.code, "b", now=T0)
    with pytest.raises(SessionError, match="already has 2 followers"):
        live.join(session.code, "c", now=T0)
    live.leave("a", now=T0)
    live.join(session.code, "c", now=T0)  # a place freed up


def test_codes_are_unique_and_unambiguous(live):
    live.max_sessions_per_owner = 300
    codes = {live.create(tiny_timeline(), owner="clinic", now=T0)[0].code for _ in range(300)}
    assert len(codes) == 300
    assert not set("".join(codes)) & set("01OILSZ2B8G6UV5")


def test_one_address_holds_a_limited_number_of_sessions_and_ending_one_frees_a_place(live):
    live.max_sessions_per_owner = 2
    first, token = live.create(tiny_timeline(), owner="203.0.113.7", now=T0)
    live.create(tiny_timeline(), owner="203.0.113.7", now=T0)
    live.create(tiny_timeline(), owner="203.0.113.8", now=T0)  # another address: its own count
    with pytest.raises(SessionError, match="this network address already has 2 live sessions"):
        live.create(tiny_timeline(), owner="203.0.113.7", now=T0)
    live.end(first.id, token, now=T0)  # by its token alone: no device of it needs to be here
    live.create(tiny_timeline(), owner="203.0.113.7", now=T0)


def test_a_device_that_comes_back_with_its_key_is_the_same_device(live):
    session, token = live.create(tiny_timeline(), now=T0)
    first = live.join(session.code, "sid-1", None, "Tablet", now=T0)
    live.leave("sid-1", now=T0 + 10)
    again = live.join(session.code, "sid-2", None, "", first["device_key"], now=T0 + 20)
    assert (again["device_id"], again["device_key"]) == (first["device_id"],
                                                         first["device_key"])
    assert [(d["id"], d["name"], d["connected"]) for d in again["devices"]] == [
        (first["device_id"], "Tablet", True)]
    live.leave("sid-1", now=T0 + 30)  # the old socket's late goodbye changes nothing
    assert session.roster.devices[first["device_id"]].connected
    live.report(session.id, "sid-2", now=T0 + 40, muted=True)
    assert live.emit.named("devices")[-1]["devices"][0]["muted"] is True
    with pytest.raises(SessionError, match="join the session first"):
        live.report(session.id, "sid-1", now=T0 + 40, muted=True)


def test_devices_that_left_are_dropped_after_the_grace_period(live):
    """Issue 15 item 12: 40 join-and-leave cycles listed 41 devices, forever."""
    session, token = live.create(tiny_timeline(), now=T0)
    live.join(session.code, "console", token, now=T0)
    now = T0
    for i in range(40):
        live.join(session.code, f"phone-{i}", now=now)
        live.leave(f"phone-{i}", now=now)
        now += 1000
    assert len(session.roster.devices) == 41  # within the grace period they are listed
    assert live.scheduler.next_due() == T0 + 120_000  # the first to go is due then
    live.tick(T0 + 120_000)  # the first phone has been gone two minutes: it goes
    assert len(live.emit.named("devices")[-1]["devices"]) == 40
    assert live.scheduler.next_due() == T0 + 1000 + 120_000
    live.tick(now + 120_000)  # and then every phone
    assert [d["role"] for d in live.emit.named("devices")[-1]["devices"]] == ["controller"]
    assert live.scheduler.next_due() is None  # nothing left to do until something happens


def test_a_restarted_process_picks_up_sessions_where_they_stand(tmp_path):
    steps = tuple(Step(i, "hold", 10_000, True, f"cue {i}") for i in range(5))
    timeline = Timeline("r", "R", "en", "standard", steps, (), Clinic())
    first = Live(lambda *a: None, store=Store(tmp_path / "db.sqlite"), clock=never)
    session, token = first.create(timeline, {"routine_id": "r"}, now=T0)
    tablet = first.join(session.code, "tablet", now=T0)
    first.command(session.id, "c", token, "start", now=T0)
    first.tick(T0 + 12_345)
    before = first.get(session.id).snapshot(T0 + 12_345)
    # the process dies here; a new one opens the same database a little later
    now = T0 + 14_345
    second = Live(lambda *a: None, store=Store(tmp_path / "db.sqlite"), clock=never)
    assert second.restore(now) == 1
    again = second.find(session.code)
    second.tick(now)
    after = again.snapshot(now)
    assert after["position_ms"] == before["position_ms"] + 2_000  # it ran on by schedule
    assert (after["index"], after["remaining_ms"]) == (1, 10_000 - 4_345)
    assert not any(d.connected for d in again.roster.devices.values())
    assert again.is_controller(token)
    assert second.command(session.id, "new-client", token, "pause", now=now)["status"] == \
        "paused"
    back = second.join(session.code, "tablet-again", None, "", tablet["device_key"], now=now)
    assert back["device_id"] == tablet["device_id"]  # the device is itself after a restart


def test_finished_and_ended_runs_land_in_history(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    live = Live(lambda *a: None, store=store, clock=never)
    session, token = live.create(tiny_timeline(), {"routine_id": "r", "pace": "gentle"},
                                 now=T0)
    live.command(session.id, "c", token, "start", now=T0)
    live.tick(T0 + 5_000)
    live.command(session.id, "c", token, "restart", now=T0 + 5_000)
    live.command(session.id, "c", token, "pause", now=T0 + 5_000)
    live.end(session.id, token, now=T0 + 5_000)
    runs = store.history()
    assert sorted((r["outcome"], r["steps_completed"], r["pauses"]) for r in runs) == [
        ("ended", 0, 1), ("finished", 2, 0)]
    assert {r["routine_id"] for r in runs} == {"r"}
    assert store.load_sessions() == []


def test_restore_tolerates_old_rows_and_skips_broken_ones(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    live = Live(lambda *a: None, store=store, clock=never)
    session, token = live.create(tiny_timeline(), {"routine_id": "r"}, now=T0)
    live.join(session.code, "tablet", now=T0)
    # a row written by an older version: its devices lack today's fields (and a key)
    row = store.load_sessions()[0]
    old_devices = [{"client": "tablet", "id": "d1", "role": "follower", "connected": True}]
    store.conn.execute("UPDATE sessions SET devices = ?", (json.dumps(old_devices),))
    # and a row that cannot be restored at all
    broken, _ = live.create(tiny_timeline(), {"routine_id": "r"}, now=T0)
    store.conn.execute("UPDATE sessions SET state = '{}' WHERE id = ?", (broken.id,))
    again = Live(lambda *a: None, store=Store(tmp_path / "db.sqlite"), clock=never)
    assert again.restore(T0 + 1000) == 1
    restored = again.get(row["id"])
    [device] = restored.roster.devices.values()
    assert (device.id, device.role, device.connected, device.left_at) == \
        ("d1", "follower", False, T0 + 1000)


def test_sessions_on_the_same_timeline_share_one_copy(live):
    a, _ = live.create(tiny_timeline(), now=T0)
    b, _ = live.create(tiny_timeline(), now=T0)
    assert a.timeline is b.timeline


def test_the_heartbeat_beats_through_a_long_first_step(live):
    steps = (Step(0, "hold", 30_000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    session, token = live.create(Timeline("r", "R", "en", "standard", steps, (), Clinic()),
                                 now=T0)
    live.join(session.code, "tablet", heartbeat=True, now=T0)
    live.command(session.id, "c", token, "start", now=T0)
    assert live.scheduler.next_due() == T0 + 1000
    for beat in range(1, 4):
        live.tick(T0 + beat * 1000)
    assert [b["remaining_ms"] for b in live.emit.named("timer")] == [29_000, 28_000, 27_000]


def test_on_time_steps_are_not_written_and_finishes_due_together_are_one_write(tmp_path):
    class CountingStore(Store):
        writes = 0

        def save_sessions(self, rows):
            CountingStore.writes += 1
            super().save_sessions(rows)

    live = Live(lambda *a: None, store=CountingStore(tmp_path / "db.sqlite"), clock=never)
    sessions = [live.create(tiny_timeline(), now=T0) for _ in range(20)]
    for session, token in sessions:
        live.join(session.code, f"tablet-{session.id}", now=T0)
        live.command(session.id, "c", token, "start", now=T0)
    CountingStore.writes = 0
    live.tick(T0 + 1000)  # every session's first step ends on time: the schedule implies it
    assert CountingStore.writes == 0
    assert all(s.runner.state.index == 1 for s, _ in sessions)
    live.tick(T0 + 2000)  # and every session finishes: that is recorded, in one write
    assert CountingStore.writes == 1
    assert all(s.runner.state.status == "finished" for s, _ in sessions)


def test_a_started_session_left_alone_is_recorded_as_abandoned(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    steps = (Step(0, "hold", 10 * 60_000, True, "Hold."), Step(1, "done", 1000, False, "Done."))
    live = Live(lambda *a: None, store=store, clock=never, idle_ms=60_000)
    session, token = live.create(Timeline("r", "R", "en", "standard", steps, (), Clinic()),
                                 {"routine_id": "r"}, now=T0)
    live.join(session.code, "tablet", token, now=T0)
    live.command(session.id, "tablet", token, "start", now=T0)
    live.leave("tablet", now=T0)
    live.tick(T0 + 60_000)
    assert session.id not in live.sessions
    [run] = store.history()
    assert (run["outcome"], run["steps_completed"]) == ("abandoned", 0)


def test_the_thread_loop_reads_the_clock_once_per_wake_and_passes_it_down():
    reads = []

    def clock():
        reads.append(T0 + 1000 * len(reads))
        return reads[-1]

    live = Live(Sent(), clock=clock)
    ticked = []
    live.tick = lambda now: (ticked.append(now), live.scheduler.stop())
    live.scheduler.set("s", T0)
    live.run()
    assert ticked == reads == [T0]
