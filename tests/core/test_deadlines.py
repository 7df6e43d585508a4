"""When a session next needs the shell, with a fake clock."""

from sessions.core.deadlines import (HEARTBEAT_MS, abandoned, heartbeat_after_beat,
                                     heartbeat_after_change, heartbeat_due, wake_at)


def test_a_session_is_abandoned_exactly_when_the_idle_time_has_passed():
    assert not abandoned(None, 60_000, 10**12)  # someone is connected
    assert not abandoned(1000, 60_000, 60_999)
    assert abandoned(1000, 60_000, 61_000)


def test_the_heartbeat_starts_a_second_after_running_keeps_its_beat_and_stops():
    assert heartbeat_after_change("running", None, 5000, True) == 5000 + HEARTBEAT_MS
    assert heartbeat_after_change("running", 5600, 5300, True) == 5600  # a command keeps it
    for status in ("ready", "paused", "finished"):
        assert heartbeat_after_change(status, 5600, 5300, True) is None
    assert not heartbeat_due(None, 10**12)
    assert not heartbeat_due(6000, 5999) and heartbeat_due(6000, 6000)
    assert heartbeat_after_beat(6003) == 6003 + HEARTBEAT_MS


def test_no_beat_unless_a_device_wants_it():
    assert heartbeat_after_change("running", None, 5000, False) is None
    assert heartbeat_after_change("running", 5600, 5300, False) is None


def test_the_session_wakes_at_the_earliest_of_its_times_or_never():
    assert wake_at(None, None, None, 60_000, None) is None
    assert wake_at(9000, 8000, None, 60_000, None) == 8000
    assert wake_at(9000, None, 1000, 5_000, None) == 6000  # idle expiry first
    assert wake_at(None, None, None, 60_000, 7000) == 7000  # a device to drop
    assert wake_at(9000, 9500, 1000, 60_000, 120_000) == 9000
